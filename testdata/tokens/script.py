#!/usr/bin/env python3
import requests

TOKEN = "{{@github-pat}}{{ghp}}"
headers = {"Authorization": f"Bearer {{@github-fine-grained-pat}}{{github_pat}}"}
requests.get("https://api.github.com/user", headers=headers)
