// Calls the GitHub API.
const token = '{{gho}}';
const other = "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; // docs example
const headers = { Authorization: `Bearer {{ghp}}` };
const ok = "{{ghp}}"; // gitleaks:allow
