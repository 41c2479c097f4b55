echo '{{ghp[:9]}}' '{{ghp[9:]}}'
X="ghp_" Y="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
