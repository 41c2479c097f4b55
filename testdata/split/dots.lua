local t = "{{ghp[:9]}}" .. "{{ghp[9:]}}"
