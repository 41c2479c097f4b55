# Breaking-change fixture: PyGithub's rate limit overview still carries the
# removed top-level rate.
from github import Github

g = Github()
overview = g.get_rate_limit()
rate = overview.rate  # want: rate-limit-rate information
print(rate.remaining)
print(overview.resources.core.remaining)
