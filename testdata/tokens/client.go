package client

import (
	"fmt"
	"net/http"
)

const placeholder = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

func newRequest() (*http.Request, error) {
	token := "{{ghp}}"
	req, err := http.NewRequest("GET", "https://api.github.com/user", nil)
	req.Header.Set("Authorization", "Bearer {{github_pat}}")
	fmt.Println(token)
	return req, err
}
