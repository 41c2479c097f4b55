a = ENV["GITHUB_TOKEN"]
b = ENV.fetch('GH_TOKEN', nil)
c = ENV.fetch("GITHUB_PAT")
d = ENV["HOME"]
