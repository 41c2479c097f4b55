// Demo for the README. A placeholder from the docs: its checksum fails, so it is only a hint.
const example = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

async function whoami() {
  const res = await fetch("https://api.github.com/user", {
    headers: {
      Authorization: `Bearer ${process.env.GITHUB_TOKEN}`,
      "X-GitHub-Api-Version": "2023-01-01",
    },
  });
  return res.json();
}
