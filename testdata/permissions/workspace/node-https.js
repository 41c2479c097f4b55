// Every line with a call carries the call(s) the finder must report.
const https = require("https");
const req = https.request({
  hostname: "api.github.com",
  path: `/repos/${owner}/${repo}/git/refs`, // expect: POST /repos/{owner}/{repo}/git/refs
  method: "POST",
  headers: { "User-Agent": "x" },
});
