require "net/http"

# Net::HTTP subscript headers.
uri = URI("https://api.github.com/user")
req = Net::HTTP::Get.new(uri)
req["Authorization"] = "token #{ENV["GITHUB_TOKEN"]}"
req["Accept"] = "application/vnd.github+json"












# A hash with =>.
HEADERS = {
  "Authorization" => "Bearer #{ENV.fetch("GITHUB_TOKEN")}",
  "X-GitHub-Api-Version" => "2022-11-28",
}
Faraday.get("https://api.github.com/repos/o/r", nil, HEADERS)
