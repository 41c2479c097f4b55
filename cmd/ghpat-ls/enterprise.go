package main

import (
	"fmt"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// enterpriseHostFlag reads --enterprise-host (scan, permissions,
// breaking-changes) as the editor reads ghpat.enterpriseHost: the web host
// in its normal form ("" for github.com) and the hosts handed to analysis
// (analysis.Config.EnterpriseHosts), as code writes them. Only the named
// host's /api/v3 is GitHub's: without the flag, no Enterprise call is.
func enterpriseHostFlag(value string) (webHost string, apiHosts []string, err error) {
	webHost, err = ghhost.NormalizeEnterpriseHost(value)
	if err != nil {
		return "", nil, fmt.Errorf("--enterprise-host: %v", err)
	}
	if webHost != "" {
		apiHosts = []string{ghhost.BareHost(webHost)}
	}
	return webHost, apiHosts, nil
}
