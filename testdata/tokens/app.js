// Calls the GitHub API.
const token = '{{@github-oauth}}{{gho}}';
const other = "{{@github-pat}}ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; // docs example
const headers = { Authorization: `Bearer {{@github-pat}}{{ghp}}` };
const ok = "{{ghp}}"; // gitleaks:allow
