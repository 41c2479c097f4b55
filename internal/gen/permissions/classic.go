package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// classicScopes are the scopes a classic token can have; a backticked word
// in a description counts only if it is one of them.
var classicScopes = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`repo repo:status repo_deployment public_repo repo:invite security_events
		workflow write:packages read:packages delete:packages admin:org write:org read:org manage_runners:org
		admin:public_key write:public_key read:public_key admin:repo_hook write:repo_hook read:repo_hook
		admin:org_hook gist notifications user read:user user:email user:follow delete_repo
		write:discussion read:discussion admin:enterprise manage_runners:enterprise manage_billing:enterprise
		read:enterprise audit_log read:audit_log codespace codespace:secrets copilot manage_billing:copilot
		project read:project admin:gpg_key write:gpg_key read:gpg_key admin:ssh_signing_key
		write:ssh_signing_key read:ssh_signing_key site_admin`) {
		classicScopes[s] = true
	}
}

var (
	backtickRe = regexp.MustCompile("`([a-z_:]+)`")
)

func readOpenAPI(t *table, data []byte) error {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("api.github.com.json: %v", err)
	}
	for path, item := range doc.Paths {
		for verb, raw := range item {
			switch verb {
			case "get", "post", "put", "patch", "delete", "head":
			default:
				continue
			}
			var op struct {
				Description string `json:"description"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				return fmt.Errorf("api.github.com.json: %s %s: %v", verb, path, err)
			}
			r := t.addRoute(verb, path)
			if d := classicDNF(op.Description); len(d) > 0 {
				t.classic[r] = d
			}
		}
	}
	return nil
}

// classicDNF reads the scope sentences of an operation description:
// "need the `repo` scope", "need the `a` or `b` scope", "need the `a` and
// `b` scopes", "If the repository is private, the `repo` scope is also
// required", "... can use the `public_repo` scope instead". Each sentence
// is one requirement (alternatives inside it); "instead" widens the
// previous one. A requirement that holds only for private repositories is
// kept (the code may well talk to one); other conditional ones ("when the
// commit modifies workflow files") are left out. The result is the
// alternatives of scope sets (the product of the requirements).
func classicDNF(desc string) [][]string {
	var reqs [][][]string
	for _, s := range splitSentences(desc) {
		scopes := sentenceScopes(s)
		if len(scopes) == 0 || !isRequirement(s) {
			continue
		}
		var req [][]string
		if strings.Contains(s, "` and `") || strings.Contains(s, "both") {
			req = [][]string{scopes}
		} else {
			for _, sc := range scopes {
				req = append(req, []string{sc})
			}
		}
		if strings.Contains(s, "instead") && len(reqs) > 0 {
			reqs[len(reqs)-1] = append(reqs[len(reqs)-1], req...)
			continue
		}
		reqs = append(reqs, req)
	}
	if len(reqs) == 0 {
		return nil
	}
	out := [][]string{{}}
	for _, req := range reqs {
		var next [][]string
		for _, have := range out {
			for _, alt := range req {
				next = append(next, union(have, alt))
			}
		}
		out = dedupe(next)
	}
	return out
}

func splitSentences(desc string) []string {
	var out []string
	for _, para := range strings.Split(desc, "\n") {
		for _, s := range strings.SplitAfter(para, ". ") {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func sentenceScopes(s string) []string {
	var out []string
	for _, m := range backtickRe.FindAllStringSubmatch(s, -1) {
		if classicScopes[m[1]] {
			out = append(out, m[1])
		}
	}
	return out
}

// isRequirement keeps sentences that say a scope is needed, not those that
// mention one in passing ("you may need ... such as").
func isRequirement(s string) bool {
	l := strings.ToLower(s)
	if strings.Contains(l, "may need") {
		return false
	}
	if !(strings.Contains(l, "need") || strings.Contains(l, "required") || strings.Contains(l, "must") ||
		strings.Contains(l, "only works") || strings.Contains(l, "instead")) {
		return false
	}
	conditional := strings.Contains(l, " when ") || strings.Contains(l, "full details") ||
		strings.Contains(l, "in order to modify") || strings.Contains(l, "in order for")
	return !conditional
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func dedupe(sets [][]string) [][]string {
	seen := map[string]bool{}
	var out [][]string
	for _, s := range sets {
		k := strings.Join(s, "+")
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
