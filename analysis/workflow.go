package analysis

import (
	"regexp"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/permissions"
	"gopkg.in/yaml.v3"
)

// Workflow permission rules: what each job of a GitHub Actions workflow
// does with GITHUB_TOKEN, compared with the `permissions:` it gets. The
// workflow is parsed with yaml.v3 (its nodes carry lines and columns); the
// step texts go through FindAPICalls like any other code.

// tokenExpr is an Actions expression holding the job's GITHUB_TOKEN.
// Secret names are case-insensitive in Actions.
var tokenExpr = regexp.MustCompile(`(?i)\bsecrets\.github_token\b|\bgithub\.token\b`)

// wfJob is what one job does with the token.
type wfJob struct {
	hosts     []string // the configured Enterprise hosts, for FindAPICalls
	name      string
	key, body *yaml.Node
	// permsKey/permsVal: the job's own `permissions:`, nil when absent.
	permsKey, permsVal *yaml.Node
	routes             []*permissions.Route
	calls              int  // API calls made with the token
	checkout           bool // actions/checkout with the job's token
	persisted          bool // that checkout left the token in the git config
	gitPush            bool // `git push` after such a checkout
	// unknown names what the token is given to that the job's needs
	// cannot be read from (an action, GraphQL, a run step without calls).
	unknown []string
}

// wfFile is a parsed workflow.
type wfFile struct {
	permsKey, permsVal *yaml.Node
	env                *tokenEnv // the workflow-level env
	jobs               []*wfJob
	hosts              []string // the configured Enterprise hosts
}

// parseWorkflow reads the jobs of a workflow; ok is false when the text is
// not a workflow mapping (YAML errors included: nothing is claimed then).
func parseWorkflow(text []byte, enterpriseHosts []string) (*wfFile, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil || len(doc.Content) != 1 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, false
	}
	wf := &wfFile{hosts: enterpriseHosts}
	wf.permsKey, wf.permsVal = mapEntry(root, "permissions")
	_, env := mapEntry(root, "env")
	wf.env = newTokenEnv(nil, env)
	_, jobs := mapEntry(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil, false
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		k, v := jobs.Content[i], jobs.Content[i+1]
		if v.Kind != yaml.MappingNode {
			continue
		}
		wf.jobs = append(wf.jobs, wf.readJob(k, v))
	}
	return wf, true
}

func (wf *wfFile) readJob(k, v *yaml.Node) *wfJob {
	j := &wfJob{hosts: wf.hosts, name: k.Value, key: k, body: v}
	j.permsKey, j.permsVal = mapEntry(v, "permissions")
	if _, uses := mapEntry(v, "uses"); uses != nil {
		// A reusable workflow gets this job's permissions: what it
		// does is in another file.
		j.unknown = append(j.unknown, "the reusable workflow "+uses.Value)
		return j
	}
	if hasAlias(v) {
		// What an alias or merge key brings in is read elsewhere in the
		// file; this rule does not follow it.
		j.unknown = append(j.unknown, "a YAML alias")
	}
	_, env := mapEntry(v, "env")
	jobEnv := newTokenEnv(wf.env, env)
	handled := map[*yaml.Node]bool{env: true}
	if _, steps := mapEntry(v, "steps"); steps != nil && steps.Kind == yaml.SequenceNode {
		handled[steps] = true
		for _, s := range steps.Content {
			if s.Kind == yaml.MappingNode {
				j.readStep(s, jobEnv)
			}
		}
	}
	// The token anywhere else (a container's or service's credentials,
	// outputs): a use this rule cannot size.
	for i := 0; i+1 < len(v.Content); i += 2 {
		if !handled[v.Content[i+1]] && mentionsToken(v.Content[i+1]) {
			j.unknown = append(j.unknown, "`"+v.Content[i].Value+"`")
		}
	}
	return j
}

// readStep adds what one step does with the token.
func (j *wfJob) readStep(s *yaml.Node, jobEnv *tokenEnv) {
	_, env := mapEntry(s, "env")
	stepEnv := newTokenEnv(jobEnv, env)
	_, with := mapEntry(s, "with")
	if _, run := mapEntry(s, "run"); run != nil {
		j.readRun(run.Value, stepEnv)
		return
	}
	_, uses := mapEntry(s, "uses")
	if uses == nil {
		return
	}
	action := strings.ToLower(uses.Value)
	name, _, _ := strings.Cut(action, "@")
	switch {
	case name == "actions/github-script":
		if own := withValue(with, "github-token"); own != nil && !tokenExpr.MatchString(own.Value) {
			return // another token: not the job's
		}
		if _, script := mapEntry(with, "script"); script != nil && !j.addCalls(FindAPICalls(LangJavaScript, []byte(script.Value), j.hosts)) {
			j.unknown = append(j.unknown, "a github-script step")
		}
	case name == "actions/checkout":
		if own := withValue(with, "token"); own == nil || tokenExpr.MatchString(own.Value) {
			j.checkout = true
			keep := withValue(with, "persist-credentials")
			j.persisted = j.persisted || keep == nil || keep.Value != "false"
		}
	case tokenFreeAction(name) && !mentionsToken(with):
	default:
		j.unknown = append(j.unknown, "`"+uses.Value+"`")
	}
}

// readRun adds what a `run:` script does with the token (in stepEnv, or
// written into the script as an expression).
func (j *wfJob) readRun(script string, stepEnv *tokenEnv) {
	push := strings.Contains(script, "git push")
	j.gitPush = j.gitPush || (j.persisted && push)
	if stepEnv.holding == 0 && !tokenExpr.MatchString(script) {
		return
	}
	calls := FindAPICalls(LangShell, []byte(script), j.hosts)
	if !j.addCalls(calls) && !push {
		j.unknown = append(j.unknown, "a `run:` step")
	}
	if unknownGh(script, calls) {
		j.unknown = append(j.unknown, "a `gh` command")
	}
}

// tokenFreeAction: GitHub's actions that need no GITHUB_TOKEN permission
// unless the token is handed to them (download-artifact's github-token
// reads another run's artifacts).
func tokenFreeAction(name string) bool {
	return strings.HasPrefix(name, "actions/setup-") || name == "actions/cache" ||
		strings.HasPrefix(name, "actions/cache/") || name == "actions/upload-artifact" ||
		name == "actions/download-artifact"
}

// addCalls records the calls; false when there was none. A GraphQL call
// or a REST path the route table does not know cannot be sized.
func (j *wfJob) addCalls(calls []APICall) bool {
	for _, c := range calls {
		j.calls++
		switch {
		case c.GraphQL:
			j.unknown = append(j.unknown, "a GraphQL call")
		case c.Route == nil:
			j.unknown = append(j.unknown, "an undocumented route")
		default:
			j.routes = append(j.routes, c.Route)
		}
	}
	return len(calls) > 0
}

// tokenEnv is the env in scope at the workflow, a job or a step: what
// the level sets, over what it inherits. Nothing is copied (a copy per job
// and step made N names by N steps quadratic); a lookup walks up the three
// levels at most.
type tokenEnv struct {
	parent *tokenEnv
	own    map[string]bool // names this level sets: true when the value holds the token
	// holding counts the names in scope whose value holds the token.
	holding int
}

// newTokenEnv is the scope of an env mapping (nil or not a mapping: none)
// under parent: a step's or job's env overrides the names it sets.
func newTokenEnv(parent *tokenEnv, env *yaml.Node) *tokenEnv {
	e := &tokenEnv{parent: parent}
	if parent != nil {
		e.holding = parent.holding
	}
	if env == nil || env.Kind != yaml.MappingNode {
		return e
	}
	e.own = map[string]bool{}
	for i := 0; i+1 < len(env.Content); i += 2 {
		name := env.Content[i].Value
		was := e.holds(name)
		now := mentionsToken(env.Content[i+1])
		e.own[name] = now
		e.holding += boolInt(now) - boolInt(was)
	}
	return e
}

// holds reports whether name, as seen at this level, holds the token.
func (e *tokenEnv) holds(name string) bool {
	for ; e != nil; e = e.parent {
		if v, ok := e.own[name]; ok {
			return v
		}
	}
	return false
}

// mentionsToken reports whether any scalar under n holds the token.
func mentionsToken(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return tokenExpr.MatchString(n.Value)
	}
	for _, c := range n.Content {
		if mentionsToken(c) {
			return true
		}
	}
	return false
}

// mapEntry returns the key and value nodes of key in a mapping (nil, nil
// when absent or m is not a mapping).
func mapEntry(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func withValue(with *yaml.Node, key string) *yaml.Node {
	_, v := mapEntry(with, key)
	return v
}

// ghCommand is a gh invocation at the start of a shell command.
var ghCommand = regexp.MustCompile(`(?m)(?:^|[;&|(]|\$\()\s*gh\s+[a-z]`)

// unknownGh reports a gh command on a line where no call was recognised:
// a subcommand outside the table may need any permission. The matches and
// the calls (FindAPICalls sorts them) are both walked once, in order.
func unknownGh(script string, calls []APICall) bool {
	ls, le, k := 0, -1, 0
	for _, m := range ghCommand.FindAllStringIndex(script, -1) {
		if at := m[1] - 1; at > le {
			ls, le = lineSpan(script, at)
		}
		for k < len(calls) && calls[k].Range.Start < ls {
			k++
		}
		if k == len(calls) || calls[k].Range.Start > le {
			return true
		}
	}
	return false
}

func hasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c) {
			return true
		}
	}
	return false
}
