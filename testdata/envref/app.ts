const a = process.env.GITHUB_TOKEN;
const b = process.env["GH_TOKEN"];
const c = process.env['GH_ENTERPRISE_TOKEN'];
const d = process.env?.gh_token; // names match case-insensitively
const port = process.env.PORT;
const e = `Bearer ${process.env.GITHUB_PAT}`;
const f = Deno.env.get("GITHUB_TOKEN");
