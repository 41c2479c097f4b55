# Every line with a call carries the call(s) the finder must report.
$api = "https://api.github.com"
Invoke-RestMethod -Method Post -Uri "$api/repos/$owner/$repo/releases" -Body $json # expect: POST /repos/{owner}/{repo}/releases
Invoke-RestMethod -Uri "https://api.github.com/repos/$owner/$repo/releases/latest" # expect: GET /repos/{owner}/{repo}/releases/latest
