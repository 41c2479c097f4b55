import os

# Joined by +, split inside the prefix.
TOKEN = "{{ghp[:2]}}" + "{{ghp[2:]}}"

# Adjacent literals across lines, inside parentheses.
OTHER = ("{{gho[:10]}}"
         "{{gho[10:25]}}"
         '{{gho[25:]}}')
