package analysis

import (
	"strings"
	"testing"
)

// TestMethodFromOwnCommand: a URL's method is read from its own command,
// not from another on the same logical line: shell separators outside
// quotes end a command, and a string literal that holds a command (a
// package.json script, os.system's argument) bounds it. The decoys: a
// separator inside quotes, a query's &, a redirection, arguments written
// as separate literals, and a URL in a string beside a command.
func TestMethodFromOwnCommand(t *testing.T) {
	const hooks, repo, issues = "https://api.github.com/repos/o/r/hooks", "https://api.github.com/repos/o/r", "https://api.github.com/repos/o/r/issues"
	for _, c := range []struct {
		name, file, text string
		want             string // each call's method, in order
	}{
		{"&&", "a.sh", "curl " + hooks + " && curl -X DELETE " + repo, "GET DELETE"},
		{"; and ||", "a.sh", "curl -X POST " + issues + "; curl " + hooks + " || curl -XDELETE " + repo, "POST GET DELETE"},
		{"pipe", "a.sh", "curl -d x " + issues + " | curl " + hooks, "POST GET"},
		{"background &", "a.sh", "curl -X PUT " + repo + "/topics & curl " + hooks, "PUT GET"},
		{"continued", "a.sh", "curl " + hooks + " && \\\n  curl -X DELETE \\\n  " + repo, "GET DELETE"},
		{"quoted separators", "a.sh", "curl -d 'a;b && c | d' " + issues + " && curl " + hooks, "POST GET"},
		{"redirection", "a.sh", "curl " + issues + " 2>&1 -d x; curl " + hooks + " &>/dev/null", "POST GET"},
		{"query &", "a.sh", "curl " + issues + "?a=1&b=2 -d x", "POST"},
		{"dockerfile", "Dockerfile", "RUN curl " + hooks + " && curl -X DELETE " + repo, "GET DELETE"},
		{"wget", "a.sh", "wget " + hooks + "; wget --method=DELETE " + repo, "GET DELETE"},
		{"Invoke-RestMethod", "a.ps1", "Invoke-RestMethod -Uri " + hooks + "; Invoke-RestMethod -Method Delete -Uri " + repo, "GET DELETE"},
		{"PowerShell continuation", "a.ps1", "Invoke-RestMethod -Method Post `\n  -Uri \"" + issues + "\"", "POST"},
		{"workflow, quoted URL", ".github/workflows/a.yml", "    steps:\n      - run: curl -X POST \"" + issues + "\" -d '{}' && curl \"" + hooks + "\"\n", "POST GET"},
		{"package.json scripts", "package.json", `{"a": "curl ` + hooks + `", "b": "curl -X POST ` + issues + `"}`, "GET POST"},
		{"JSON escaped quotes", "package.json", `{"s": "curl -d \"a=1;b\" ` + issues + ` && curl ` + hooks + `"}`, "POST GET"},
		{"JSON, a URL beside a command", "package.json", `{"a": "curl -X DELETE ` + repo + `", "b": "see ` + hooks + `"}`, "DELETE"},
		{"os.system", "a.py", `os.system("curl ` + hooks + ` && curl -X DELETE ` + repo + `")`, "GET DELETE"},
		{"arguments as literals", "a.py", `subprocess.run(["curl", "-X", "POST", "` + issues + `"])`, "POST"},
		{"Go raw string", "a.go", "exec.Command(\"sh\", \"-c\", `curl " + hooks + " && curl -X DELETE " + repo + "`)", "GET DELETE"},
		{"Markdown code spans", "a.md", "Run `curl " + hooks + "`, then `curl -X DELETE " + repo + "`.", "GET DELETE"},
		{"Markdown flags in the next span", "a.md", "Delete with `curl " + repo + "` and `-X DELETE`, list with `curl " + hooks + "`.", "DELETE GET"},
		{"Markdown prose span is no flag", "a.md", "Run `curl " + hooks + "` as `root -X`, then `-X DELETE`.", "GET"},
	} {
		var got []string
		for _, call := range FindAPICalls(DetectLanguage(c.file, ""), []byte(c.text), nil) {
			got = append(got, call.Method)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
