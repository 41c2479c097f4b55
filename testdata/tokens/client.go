package client

import (
	"fmt"
	"net/http"
)

const placeholder = "{{@github-pat}}ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

func newRequest() (*http.Request, error) {
	token := "{{@github-pat}}{{ghp}}"
	req, err := http.NewRequest("GET", "https://api.github.com/user", nil)
	req.Header.Set("Authorization", "Bearer {{@github-fine-grained-pat}}{{github_pat}}")
	fmt.Println(token)
	return req, err
}
