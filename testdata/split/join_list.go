package main

import "strings"

var t = strings.Join([]string{
	"{{github_pat[:30]}}",
	`{{github_pat[30:]}}`,
}, "")
