package analysis

import (
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/permissions"
	"gopkg.in/yaml.v3"
)

// Access levels of an Actions `permissions:` entry, ordered.
const (
	actNone = iota
	actRead
	actWrite
)

var actLevelNames = []string{"none", "read", "write"}

// actionsKeys maps a fine-grained permission (the route table's key) to
// the GITHUB_TOKEN permission of the same name in a workflow. Fine-grained
// permissions missing here cannot be granted to GITHUB_TOKEN; metadata is
// granted with every block.
var actionsKeys = map[string]string{
	"actions": "actions", "attestations": "attestations", "checks": "checks", "contents": "contents",
	"deployments": "deployments", "discussions": "discussions", "issues": "issues", "packages": "packages",
	"pages": "pages", "pull_requests": "pull-requests", "repository_projects": "repository-projects",
	"security_events": "security-events", "statuses": "statuses",
}

// unjudgedKeys are granted for uses no text here shows (OIDC for cloud
// logins and keyless signing, GitHub Models): an explicit grant is kept.
var unjudgedKeys = map[string]bool{"id-token": true, "models": true}

// allActionsKeys are the keys read-all and write-all grant.
var allActionsKeys = []string{"actions", "attestations", "checks", "contents", "deployments", "discussions",
	"id-token", "issues", "models", "packages", "pages", "pull-requests", "repository-projects",
	"security-events", "statuses"}

// wfNeeds is the least block for some jobs, and what it could not grant.
type wfNeeds struct {
	keys        map[string]int
	ungrantable []string // fine-grained permissions GITHUB_TOKEN cannot have ("administration: write")
}

// needsOf is the least Actions block covering the jobs' calls, checkouts
// and pushes (Table.Minimal chooses among alternatives, across the jobs).
func needsOf(jobs []*wfJob) wfNeeds {
	n := wfNeeds{keys: map[string]int{}}
	var routes []*permissions.Route
	for _, j := range jobs {
		routes = append(routes, j.routes...)
		if j.checkout {
			n.raise("contents", actRead)
		}
		if j.gitPush {
			n.raise("contents", actWrite)
		}
	}
	for _, g := range permissions.Default().Minimal(routes).FineGrained {
		key, ok := actionsKeys[g.Permission]
		switch {
		case g.Permission == "metadata":
		case !ok:
			n.ungrantable = append(n.ungrantable, strings.ReplaceAll(g.String(), "_", "-"))
		case g.Level >= permissions.Write:
			n.raise(key, actWrite)
		default:
			n.raise(key, actRead)
		}
	}
	return n
}

func (n wfNeeds) raise(key string, level int) {
	if level > n.keys[key] {
		n.keys[key] = level
	}
}

// wfGrant is what a `permissions:` value grants; ok is false for a value
// this rule does not read (an expression, an unknown level).
type wfGrant struct {
	keys     map[string]int
	all      bool // read-all / write-all
	explicit map[string]bool
}

func parseGrant(v *yaml.Node) (wfGrant, bool) {
	g := wfGrant{keys: map[string]int{}, explicit: map[string]bool{}}
	switch {
	case v.Kind == yaml.ScalarNode && (v.Value == "read-all" || v.Value == "write-all"):
		level := actRead
		if v.Value == "write-all" {
			level = actWrite
		}
		for _, k := range allActionsKeys {
			g.keys[k] = level
		}
		g.all = true
		return g, true
	case v.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, lv := v.Content[i].Value, v.Content[i+1].Value
			level := -1
			for l, name := range actLevelNames {
				if lv == name {
					level = l
				}
			}
			if level < 0 {
				return g, false
			}
			g.keys[k], g.explicit[k] = level, true
		}
		return g, true
	}
	return g, false
}

// narrowed is the least block for needs, keeping the unjudged keys the
// grant names explicitly; broader reports whether g grants more.
func (g wfGrant) narrowed(n wfNeeds) (block map[string]int, broader bool) {
	block = map[string]int{}
	for k, l := range n.keys {
		block[k] = l
	}
	for k, l := range g.keys {
		if unjudgedKeys[k] && g.explicit[k] {
			block[k] = max(block[k], l)
			continue
		}
		if l > n.keys[k] {
			broader = true
		}
	}
	for k, l := range block {
		if l == actNone {
			delete(block, k)
		}
	}
	return block, broader
}

// blockLines renders a block as `key: level` entries, sorted by key.
func blockLines(block map[string]int) []string {
	var out []string
	for k, l := range block {
		out = append(out, k+": "+actLevelNames[l])
	}
	sort.Strings(out)
	return out
}
