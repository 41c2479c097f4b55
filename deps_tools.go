//go:build tools

// Package deps pins the fixed dependencies while their users are written.
package deps

import (
	_ "github.com/google/go-github/v66/github"
	_ "github.com/zricethezav/gitleaks/v8/config"
	_ "github.com/zricethezav/gitleaks/v8/detect"
	_ "go.lsp.dev/jsonrpc2"
	_ "go.lsp.dev/protocol"
	_ "go.lsp.dev/uri"
	_ "golang.org/x/sync/singleflight"
)
