// Every line with a call carries the call(s) the finder must report.
import axios from "axios";
const gh = axios.create({ baseURL: "https://api.github.com" }); // expect: none
const GITHUB_API = process.env.GITHUB_API_URL || "https://api.github.com"; // expect: none

export async function go(owner: string, repo: string) {
  await gh.post(`/repos/${owner}/${repo}/milestones`, { title: "x" }); // expect: POST /repos/{owner}/{repo}/milestones
  await gh.get("/user/emails"); // expect: GET /user/emails
  app.get("/user", (req, res) => res.send("hi")); // expect: none
  await fetch(`${GITHUB_API}/repos/${owner}/${repo}/pulls`, { method: "POST" }); // expect: POST /repos/{owner}/{repo}/pulls
}
