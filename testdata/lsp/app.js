// LSP fixture: a hard-coded OAuth token and an environment read.
const fromEnv = process.env.GITHUB_TOKEN;
const token = "{{gho}}";
module.exports = { fromEnv, token };
