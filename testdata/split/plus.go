package main

const a = "{{ghu[:7]}}" +
	"{{ghu[7:]}}"

var b = `{{github_pat[:40]}}` + `{{github_pat[40:]}}`
