# Decoys: lists that are not joined with the empty string.
a = "-".join(["{{ghp[:9]}}", "{{ghp[9:]}}"])
b = sorted(["{{gho[:9]}}", "{{gho[9:]}}"])
c = "".join(["{{ghu[:9]}}", name, "{{ghu[9:]}}"])
