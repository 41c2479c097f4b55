# Decoys: nothing here may be reported.
a = "ghp_" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
b = ["{{ghp[:9]}}", "{{ghp[9:]}}"]
c = "{{gho[:9]}}" - "{{gho[9:]}}"
d = "ghp_" "0123456789abcdefghijklmnopqrstuvwxyz"
