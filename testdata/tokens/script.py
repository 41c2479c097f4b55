#!/usr/bin/env python3
import requests

TOKEN = "{{ghp}}"
headers = {"Authorization": f"Bearer {{github_pat}}"}
requests.get("https://api.github.com/user", headers=headers)
