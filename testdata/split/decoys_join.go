package main

import "strings"

var a = strings.Join([]string{"{{ghp[:9]}}", "{{ghp[9:]}}"}, " ")
var b = []string{"{{gho[:9]}}", "{{gho[9:]}}"}
