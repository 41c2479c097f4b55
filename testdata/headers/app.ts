// fetch with a headers object: fixes are new properties.
export async function me(): Promise<unknown> {
  const res = await fetch("{{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/user", {
    headers: {
      Authorization: `{{@github-auth-legacy-scheme}}token ${process.env.GITHUB_TOKEN}`,
      "User-Agent": "ghpat-ls-test",
    },
  });
  return res.json();
}













export async function repo(token: string) {
  const h = { 'Authorization': 'Bearer ' + token, 'X-GitHub-Api-Version': '{{@github-api-version-unknown}}latest' };
  return fetch(`{{@github-api-accept-missing}}https://api.github.com/repos/${owner}/${name}`, { headers: h });
}













export function xhr(token: string) {
  const x = new XMLHttpRequest();
  x.open("GET", "{{@github-api-version-unpinned}}https://api.github.com/user");
  x.setRequestHeader("Authorization", "{{@github-auth-malformed}}Bearer Bearer " + token);
  x.setRequestHeader("Accept", "application/vnd.github+json");
}

// Negative: the seed's example, exactly.
export const good = () => fetch("https://api.github.com/user", {
  headers: {
    Authorization: `Bearer ${process.env.GITHUB_TOKEN}`,
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": "2026-03-10",
  },
});
