# 日本語のコメント 🎉
token = "🔑 {{@github-pat}}{{ghp}}"  # 鍵 👩‍💻
