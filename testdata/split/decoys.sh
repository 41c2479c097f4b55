X="ghp_" Y="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
Z="ghp_"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
