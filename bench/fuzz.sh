#!/usr/bin/env bash
# Runs every fuzz target in the module, one after another, each for TIME,
# with minimisation capped at 2 s: by default Go minimises a crasher for up
# to the whole -fuzztime, and a run that found a crash can end in PASS.
# Targets are discovered, not listed here: every package's `go test -list`.
# Not run by CI (it takes TIME x number of targets).
# The decoders of issue 19 have one target each (found like the rest):
# analysis FuzzDecodeBase64, FuzzDecodeHex, FuzzDecodeEscapes (percent,
# backslash, HTML), FuzzDecodeQP, FuzzDecodedTokens (needles, wrap seams,
# nesting), and ghtoken FuzzRedactEncoded (the scrubber's encoded forms):
#   bench/fuzz.sh 1m ./analysis/ ./ghtoken/
#
#   bench/fuzz.sh [TIME] [PACKAGES...]     (default 30s, ./...)
#   FUZZ_PARALLEL=N bench/fuzz.sh 5m ./lsp/...   (fuzz workers; default GOMAXPROCS)
#
# A crasher is written by Go to PKG/testdata/fuzz/FuzzName/ and is from then
# on a regression seed that plain `go test` runs: commit it with the fix.
# Exit status: 0 when every target passed, 1 when any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
TIME=${1:-30s}
[ $# -gt 0 ] && shift
PKGS=("${@:-./...}")
PARALLEL=()
[ -n "${FUZZ_PARALLEL:-}" ] && PARALLEL=(-parallel "$FUZZ_PARALLEL")

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
failed=() passed=() n=0
for pkg in $(go list "${PKGS[@]}"); do
	targets=$(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz') || continue
	for target in $targets; do
		n=$((n + 1))
		log="$logdir/$n.log"
		printf '== %s %s (%s) ... ' "$pkg" "$target" "$TIME"
		if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$TIME" -fuzzminimizetime 2s \
			"${PARALLEL[@]}" "$pkg" >"$log" 2>&1; then
			echo "ok ($(grep -o 'execs: [0-9]*' "$log" | tail -1))"
			passed+=("$pkg $target")
		else
			echo FAIL
			# The failure and where Go saved the input; the log can be long.
			grep -v '^fuzz: elapsed' "$log" | tail -40 | sed 's/^/    /'
			failed+=("$pkg $target")
		fi
	done
done
if [ "$n" -eq 0 ]; then
	echo "no fuzz targets found in ${PKGS[*]}" >&2
	exit 1
fi
echo "== $n targets: ${#passed[@]} passed, ${#failed[@]} failed"
for f in "${failed[@]}"; do echo "FAIL $f"; done
new=$(git status --porcelain --untracked-files=all -- '*testdata/fuzz/*' 2>/dev/null)
if [ -n "$new" ]; then
	echo "== new inputs under testdata/fuzz (regression seeds: keep them with the fix):"
	echo "$new"
fi
[ ${#failed[@]} -eq 0 ]
