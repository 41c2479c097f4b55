package analysis

import (
	"strings"
	"testing"
)

// TestCurlMethod pins how a curl command line's method is read: an
// explicit -X/--request/-I wins where it stands, else -G, an upload or the
// first data flag implies it.
func TestCurlMethod(t *testing.T) {
	for _, c := range []struct{ args, method, from string }{
		{"curl https://api.github.com/user", "GET", "from curl (no -X: GET)"},
		{"curl -X delete URL", "DELETE", "from curl -X"},
		{"curl --request patch URL", "PATCH", "from curl --request"},
		{"curl -XPUT URL", "PUT", "from curl -X"},
		{"curl -sX post URL", "POST", "from curl -sX"},
		{"curl --request=put URL", "PUT", "from curl --request"},
		{"curl -I URL", "HEAD", "from curl -I"},
		{"curl --head URL", "HEAD", "from curl --head"},
		{"curl -d a=b URL", "POST", "from curl -d (implies POST)"},
		{"curl -dx URL", "POST", "from curl -dx (implies POST)"},
		{"curl --data-binary @f URL", "POST", "from curl --data-binary (implies POST)"},
		{"curl --json={} URL", "POST", "from curl --json={} (implies POST)"},
		{"curl -F f=@x URL", "POST", "from curl -F (implies POST)"},
		{"curl -d a=b -G URL", "GET", "from curl -G"},
		{"curl -G -d a=b URL", "GET", "from curl -G"},
		{"curl -T f URL", "PUT", "from curl -T"},
		{"curl --upload-file f URL", "PUT", "from curl --upload-file"},
		{"curl -d a=b -T f URL", "POST", "from curl -d (implies POST)"},
		{"curl -T f -d a=b URL", "PUT", "from curl -T"},
		{"curl -d a=b -X PUT URL", "PUT", "from curl -X"},
		{"curl -I -X POST URL", "HEAD", "from curl -I"},
		{"curl URL -X", "GET", "from curl (no -X: GET)"},
		{"curl URL -sX", "GET", "from curl (no -X: GET)"},
		{"curl --data", "POST", "from curl --data (implies POST)"},
		{"curl --dataset URL", "GET", "from curl (no -X: GET)"},
	} {
		m, from := curlMethod(strings.Fields(c.args))
		if m != c.method || from != c.from {
			t.Errorf("%s: got %s %q, want %s %q", c.args, m, from, c.method, c.from)
		}
	}
}

// TestMethodViaVariable: a URL assigned to a variable takes the method of
// the first later call that uses the variable as a whole word.
func TestMethodViaVariable(t *testing.T) {
	for _, c := range []struct{ text, method, from string }{
		{"u = \"https://api.github.com/repos/o/r/issues\"\nrequests.post(u, json=x)\n", "POST", "from requests.post (via u)"},
		{"u = \"https://api.github.com/repos/o/r\"\nmenu.put(x)\nu_2.patch(x)\nrequests.delete(u)\n", "DELETE", "from requests.delete (via u)"},
		{"u = \"https://api.github.com/repos/o/r\"\nmenu.put(x)\n", "GET", methodNotStated},
	} {
		start := strings.Index(c.text, "https")
		end := strings.IndexByte(c.text[start:], '"') + start
		m, from := methodAround(newCodeText(LangPython, c.text), start, end)
		if m != c.method || from != c.from {
			t.Errorf("%q: got %s %q, want %s %q", c.text, m, from, c.method, c.from)
		}
	}
}
