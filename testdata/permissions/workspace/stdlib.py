# Every line with a call carries the call(s) the finder must report.
import http.client

conn = http.client.HTTPSConnection("api.github.com")
conn.request("PUT", f"/repos/{owner}/{repo}/collaborators/{user}", body)  # expect: PUT /repos/{owner}/{repo}/collaborators/{username}
