package analysis

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// jqPieces build commands where jqRe's matches start, end and cross at
// every kind of byte: quotes left open, flags, pipes, bare words.
var jqPieces = []string{"jq", " ", "  ", "-q", "--jq", "--jq=", "'", "\"", "|", ";", ")", ".a", "-r ", "=", "x",
	"https://api.github.com/repos/o/r", "\n", "curl ", "$(", "ajq ", ".[] | .login"}

// TestJQFiltersOfMatchesDirectRead: the command's matches read once give,
// for any stretch of the command, what reading the stretch itself gives
// (jqFilters), so the cache does not change a finding.
func TestJQFiltersOfMatchesDirectRead(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.Intn(40); k >= 0; k-- {
			b.WriteString(jqPieces[rng.Intn(len(jqPieces))])
		}
		checkJQFiltersOf(t, b.String(), rng.Intn(1<<16), rng.Intn(1<<16), rng.Intn(1<<16), rng.Intn(1<<16))
	}
}

func FuzzJQFiltersOf(f *testing.F) {
	f.Add("curl https://api.github.com/x | jq '.a'; curl https://api.github.com/y | jq -r .b", 0, 88, 5, 40)
	f.Add("jq \"$(curl https://api.github.com/x | jq .a)\"", 0, 44, 14, 44)
	f.Fuzz(func(t *testing.T, s string, a, b, c, d int) {
		checkJQFiltersOf(t, s, a, b, c, d)
	})
}

// checkJQFiltersOf reads stretches of a command span of s (a, b, c, d
// pick the span and the stretches in it) through one useContext, the way
// the calls of one command do, and compares each with jqFilters.
func checkJQFiltersOf(t *testing.T, s string, a, b, c, d int) {
	t.Helper()
	if len(s) == 0 {
		return
	}
	pos := func(x, lo, hi int) int { return lo + abs(x)%(hi-lo+1) }
	cs := pos(a, 0, len(s))
	ce := pos(b, cs, len(s))
	u := newUseContext(LangShell, []byte(s))
	for _, st := range [][2]int{{c, d}, {d, c}, {c ^ d, d}, {cs, ce}} {
		from := pos(st[0], cs, ce)
		to := pos(st[1], from, ce)
		got, want := u.jqFiltersOf(Range{cs, ce}, from, to), jqFilters(s, from, to)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q command [%d,%d) stretch [%d,%d): cached %v, read %v", s, cs, ce, from, to, got, want)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		if -x < 0 {
			return 0
		}
		return -x
	}
	return x
}
