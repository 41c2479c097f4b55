package main

import "os"

func main() {
	tok := os.Getenv("GITHUB_TOKEN")
	pat, ok := os.LookupEnv( "MY_GITHUB_PAT" )
	home := os.Getenv("HOME") // not a token name
	raw := os.Getenv(`GH_TOKEN`)
	_, _, _, _, _ = tok, pat, ok, home, raw
}
