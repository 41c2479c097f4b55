require "net/http"

# Net::HTTP subscript headers.
uri = URI("{{@github-api-version-unpinned}}https://api.github.com/user")
req = Net::HTTP::Get.new(uri)
req["Authorization"] = "{{@github-auth-legacy-scheme}}token #{ENV["GITHUB_TOKEN"]}"
req["Accept"] = "application/vnd.github+json"












# A hash with =>.
HEADERS = {
  "Authorization" => "Bearer #{ENV.fetch("GITHUB_TOKEN")}",
  "X-GitHub-Api-Version" => "2022-11-28",
}
Faraday.get("{{@github-api-accept-missing}}https://api.github.com/repos/o/r", nil, HEADERS)
