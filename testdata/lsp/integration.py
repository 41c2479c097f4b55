# LSP integration fixture (cmd/ghpat-ls/serve_test.go). Markers become
# generated tokens at test time. Both tokens follow emoji and CJK text.
import requests

TOKEN = "{{ghp}}"  # 🔑 鍵 — fixed by the quick fix in the test
PAT2 = "{{github_pat}}"  # 😀 中文 — still there at the end, hovered


def me():
    return requests.get("https://api.github.com/user", headers={"Authorization": "Bearer " + TOKEN})
