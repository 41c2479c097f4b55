import os

a = os.environ["GITHUB_TOKEN"]
b = os.environ.get('GH_TOKEN', "fallback")
c = os.getenv("GITHUB_PAT")
d = os.environ.get("PATH")
