// Package shapes generates the inputs of the linear-work benchmarks
// (issue 18): for each analysis path, the shape that made it super-linear
// (one huge line, many matches on a line, deep nesting, a big workflow)
// and normal code, at any multiple of a base size. The analysis
// benchmarks, the real-binary regression tests and bench/linear.sh all
// generate from here, so they measure the same texts. For tests and
// benchmarks only. Tokens are generated (ghtoken.Generate), never written
// out literally.
package shapes

import (
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Shape is one kind of input. Gen(n) repeats the shape's unit n times;
// Base is the n of the 1x size.
type Shape struct {
	Name string
	// File is the name it is analysed under (it selects the language);
	// a workflow needs the .github/workflows/ directory.
	File string
	Base int
	Gen  func(n int) []byte
}

// All lists the shapes, normal code first.
var All = []Shape{
	{"normal-go", "big.go", 2000, NormalGo},
	{"workflow-env", ".github/workflows/big.yml", 1500, WorkflowEnv},
	{"minified-urls", "dist/bundle.js", 2000, MinifiedURLs},
	{"gh-line", "run.sh", 2000, GhLine},
	{"curl-line", "run.sh", 2000, CurlLine},
	{"tokens-line-go", "tokens.go", 2000, TokensLineGo},
	{"tokens-line-rust", "tokens.rs", 2000, TokensLineRust},
	{"tokens-line-docker", "Dockerfile", 2000, TokensLineDocker},
	{"headers-line", "dist/headers.js", 2000, HeadersLine},
	{"envref-line", "env.sh", 4000, EnvRefLine},
	{"nested-parens", "nested.js", 4000, NestedParens},
	{"nested-yaml", ".github/workflows/nested.yml", 1000, NestedYAML},
	{"continued-lines", "continued.sh", 1000, ContinuedLines},
	{"json-scripts-line", "package.json", 2000, JSONScriptsLine},
}

// ByName returns the shape called name.
func ByName(name string) (Shape, bool) {
	for _, s := range All {
		if s.Name == name {
			return s, true
		}
	}
	return Shape{}, false
}

// api is the REST URL of path (a format with args) on GitHub's API host.
func api(path string, args ...any) string {
	return "https://" + ghhost.APIHost + fmt.Sprintf(path, args...)
}

// token is the i-th generated checksum-valid token of kind k.
func token(k ghtoken.Kind, i int) string { return ghtoken.Generate(k, uint64(i)) }

// NormalGo is ordinary Go code, 5 lines per unit: a token, a legacy
// Authorization header and an unpinned API call among plain lines.
func NormalGo(n int) []byte {
	var b strings.Builder
	b.WriteString("package big\n\nimport \"net/http\"\n\n")
	for i := 0; i < n; i++ {
		switch i % 100 {
		case 0:
			fmt.Fprintf(&b, "var tok%d = %q\n", i, token(ghtoken.ClassicPAT, i))
		case 25:
			b.WriteString("func h(req *http.Request, tok string) { req.Header.Set(\"Authorization\", \"token \"+tok) }\n")
		case 50:
			fmt.Fprintf(&b, "var req%d, _ = http.NewRequest(\"POST\", \"%s\", nil)\n", i, api("/repos/o/r/issues/%d/comments", i))
		}
		fmt.Fprintf(&b, "// line %d: compute(ctx, input[%d], \"label\") returns the highest weight\n", i, i)
		fmt.Fprintf(&b, "var result%d = compute(%d)\n", i, i)
	}
	return []byte(b.String())
}

// WorkflowEnv is a workflow whose env has n names holding GITHUB_TOKEN and
// whose one job (no permissions:) has n steps each creating an issue with
// it: the workflow rules once copied the inherited env for every step.
// Expected: one workflow-permissions-missing finding, "needs issues: write".
func WorkflowEnv(n int) []byte {
	var b strings.Builder
	b.WriteString("name: big\non: push\nenv:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  TOKEN_%d: ${{ secrets.GITHUB_TOKEN }}\n", i)
	}
	b.WriteString("jobs:\n  label:\n    runs-on: ubuntu-latest\n    env:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "      JOB_%d: ${{ github.token }}\n", i)
	}
	b.WriteString("    steps:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "      - env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n        run: gh issue create --title t%d --body b\n", i)
	}
	return []byte(b.String())
}

// MinifiedURLs is one line of minified JavaScript with 2n API calls:
// fetch(URL,{method:"POST"}) creating a comment and a plain fetch(URL)
// reading an issue. Expected per unit: a POST and a GET call.
func MinifiedURLs(n int) []byte {
	var b strings.Builder
	b.WriteString(`"use strict";`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `fetch("%s",{method:"POST",body:b});`, api("/repos/o/r/issues/%d/comments", i))
		fmt.Fprintf(&b, `let x%d=await fetch("%s");`, i, api("/repos/o/r/issues/%d", i))
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// GhLine is one shell line of 2n gh commands: `gh issue create` and
// `gh api -X DELETE repos/o/r/labels/x`.
func GhLine(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "gh issue create --title t%d --body b; gh api -X DELETE repos/o/r/labels/l%d && ", i, i)
	}
	b.WriteString("true\n")
	return []byte(b.String())
}

// CurlLine is one shell line of 2n curl commands, a POST and a GET.
func CurlLine(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "curl -X POST -d @b %s; curl -s %s; ", api("/repos/o/r/issues/%d/comments", i), api("/repos/o/r/pulls/%d", i))
	}
	b.WriteString("true\n")
	return []byte(b.String())
}

// tokensLine writes n tokens on one line, inside one string literal
// between open and close, each followed by sep; every fourth is a
// placeholder (checksum invalid).
func tokensLine(n int, open, sep, close string) []byte {
	var b strings.Builder
	b.WriteString(open)
	for i := 0; i < n; i++ {
		t := token(ghtoken.ClassicPAT, i)
		if i%4 == 3 { // its last checksum character changed: a placeholder
			last := byte('A')
			if t[len(t)-1] == last {
				last = 'B'
			}
			t = t[:len(t)-1] + string(last)
		}
		b.WriteString(t + sep)
	}
	b.WriteString(close)
	return []byte(b.String())
}

// TokensLineGo is one Go line holding n tokens in one string literal.
func TokensLineGo(n int) []byte {
	return tokensLine(n, "package p\n\nvar tokens = \"", " ", "\"\n")
}

// TokensLineRust is one Rust line holding n tokens in one string literal
// (the fix rewrites the literal as format!).
func TokensLineRust(n int) []byte {
	return tokensLine(n, "fn main() { let tokens = \"", " ", "\"; }\n")
}

// TokensLineDocker is one Dockerfile RUN line holding n tokens.
func TokensLineDocker(n int) []byte {
	return tokensLine(n, "FROM alpine\nRUN echo ", " ", "\n")
}

// HeadersLine is one line of minified JavaScript with n requests each
// sending a legacy `token` Authorization header.
func HeadersLine(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `fetch("%s",{headers:{Authorization:"token "+t}});`, api("/repos/o/r/issues/%d", i))
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// EnvRefLine is one shell line of n expansions of token variables, each
// with an unclosed ${ default: the brace search once ran to the line end
// for every one.
func EnvRefLine(n int) []byte {
	var b strings.Builder
	b.WriteString("echo ")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "$GITHUB_TOKEN ${GH_TOKEN:-${X%d ", i)
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// NestedParens is one JavaScript line nesting n calls, with an API URL
// at every level, closed only at the end.
func NestedParens(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `f("%s",`, api("/repos/o/r/issues/%d", i))
	}
	b.WriteString("0" + strings.Repeat(")", n) + ";\n")
	return []byte(b.String())
}

// NestedYAML is a workflow whose job's env nests n flow sequences deep
// around a reference to the token (at most yaml.v3's depth limit of
// 10,000, beyond which the file is not a workflow).
func NestedYAML(n int) []byte {
	n = min(n, 9000)
	return []byte("on: push\njobs:\n  j:\n    runs-on: x\n    outputs:\n      o: " +
		strings.Repeat("[", n) + "${{ github.token }}" + strings.Repeat("]", n) +
		"\n    steps:\n      - run: gh issue create -t x\n        env:\n          GH_TOKEN: ${{ github.token }}\n")
}

// ContinuedLines is one shell command of n lines, each continued by a
// backslash and holding a curl call with an API URL (every URL's command
// was read over the 64 lines either side of it).
func ContinuedLines(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "curl -X POST %s \\\n", api("/repos/o/r/issues/%d/comments", i))
	}
	b.WriteString("true\n")
	return []byte(b.String())
}

// JSONScriptsLine is a minified package.json: one line of n scripts, each
// a command of two curl calls, a POST and a GET; every string literal is
// a command to split (the API-call finder's commandSpan).
func JSONScriptsLine(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"scripts": {`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `"s%d": "curl -X POST -d \"a=1;b\" %s && curl -s %s", `, i, api("/repos/o/r/issues/%d/comments", i), api("/repos/o/r/pulls/%d", i))
	}
	b.WriteString(`"t": "true"}}` + "\n")
	return []byte(b.String())
}
