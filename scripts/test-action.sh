#!/usr/bin/env bash
# test-action.sh: runs the GitHub Action's script (scripts/action.sh) the way
# action.yml does, against real git repositories built here: a pull request
# that adds a token, one that does not, a push, --fail-on none, the history
# mode switch, and both install paths (go build; a release archive from a
# goreleaser snapshot in DIST, checksum verified, and a tampered one refused).
#
#   bash scripts/test-action.sh [DIST]     DIST: goreleaser's dist/ (optional)
#
# Tokens are generated at run time (go run ./internal/demo), never committed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=${1:-}
ACTION="$ROOT/scripts/action.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ghpat-action.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fails=0
pass() { echo "ok   $*"; }
fail() {
	echo "FAIL $*" >&2
	fails=$((fails + 1))
}
# out KEY FILE: the last KEY=value written to a $GITHUB_OUTPUT file.
out() { sed -n "s/^$1=//p" "$2" | tail -1; }

export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GITHUB_ACTIONS GITHUB_PATH RUNNER_OS RUNNER_ARCH

demo=$(cd "$ROOT" && go run ./internal/demo)
token_file="$demo/deploy.py"

# origin (bare) with main: a clean file, then old.py holding a token (an old
# leak that only a full scan reports). Branches: leak (adds new.py with a
# token), clean (edits the clean file).
git init -q --bare -b main "$WORK/origin.git"
git clone -q "$WORK/origin.git" "$WORK/seed" 2>/dev/null
(
	cd "$WORK/seed"
	git checkout -q -b main
	printf 'print("hello")\n' >app.py
	git add app.py && git commit -qm base
	cp "$token_file" old.py
	git add old.py && git commit -qm "old leak"
	git push -q origin main
	git checkout -q -b leak
	cp "$token_file" new.py
	git add new.py && git commit -qm "add a token"
	git push -q origin leak
	git checkout -q -b clean main
	printf 'print("hello, world")\n' >app.py
	git commit -qam "harmless"
	git push -q origin clean
)

# checkout BRANCH DIR: what actions/checkout leaves for a pull request: only
# the head branch, no local ref of the base (the script fetches it).
checkout() {
	git clone -q --single-branch -b "$1" "$WORK/origin.git" "$2"
}

# run_action NAME DIR [VAR=value...]: install + scan + finish as action.yml does.
# Sets RC (finish's exit code) and OUT (the $GITHUB_OUTPUT file).
run_action() {
	local name=$1 dir=$2
	shift 2
	OUT="$WORK/$name.out"
	: >"$OUT"
	: >"$WORK/$name.log"
	if [[ ${REUSE:-} ]]; then
		echo "bin=$REUSE" >"$OUT" # the build install of case 1: go build once
	else
		(cd "$dir" && env GITHUB_OUTPUT="$OUT" GHPAT_BIN_DIR="$WORK/bin-$name" GITHUB_ACTION_PATH="$ROOT" "$@" bash "$ACTION" install) >"$WORK/$name.log" 2>&1 || {
			RC=install-failed
			return
		}
	fi
	(cd "$dir" && env GITHUB_OUTPUT="$OUT" GHPAT_BIN="$(out bin "$OUT")" GITHUB_ACTION_PATH="$ROOT" "$@" bash "$ACTION" scan) >>"$WORK/$name.log" 2>&1 || {
		RC=scan-failed
		return
	}
	RC=0
	(cd "$dir" && env GHPAT_EXIT_CODE="$(out exit-code "$OUT")" bash "$ACTION" finish) >>"$WORK/$name.log" 2>&1 || RC=$?
}

sarif_has() { grep -q "\"$2\"" "$1" 2>/dev/null || grep -q "$2" "$1" 2>/dev/null; }

# 1. A pull request that adds a token: diff scan, exit 1, SARIF names new.py only.
checkout leak "$WORK/pr-leak"
run_action pr-leak "$WORK/pr-leak" GHPAT_INSTALL=build GITHUB_EVENT_NAME=pull_request GITHUB_BASE_REF=main GHPAT_SARIF="$WORK/pr-leak.sarif"
if [[ $RC == 1 && $(out command "$OUT") == "ghpat-ls scan --diff "* ]]; then pass "pull request adding a token fails the job (diff scan)"; else fail "pull request with a token: rc=$RC command=$(out command "$OUT")"; fi
base=$(git -C "$WORK/pr-leak" rev-parse origin/main)
[[ $(out command "$OUT") == "ghpat-ls scan --diff $base --fail-on error" ]] && pass "diff starts at the merge base" || fail "diff base: $(out command "$OUT"), want $base"
if [[ $(out sarif "$OUT") == "$WORK/pr-leak.sarif" ]] && grep -q 'new.py' "$WORK/pr-leak.sarif" && ! grep -q 'old.py' "$WORK/pr-leak.sarif"; then
	pass "SARIF written, with the new token only"
else
	fail "SARIF: $(out sarif "$OUT")"
fi
if grep -q "$(sed -n 's/^GITHUB_TOKEN = "\(.*\)"$/\1/p' "$token_file")" "$WORK/pr-leak.log" "$WORK/pr-leak.sarif"; then fail "the token appears in full in the log or SARIF"; else pass "log and SARIF redact the token"; fi
grep -q 'new.py:6:17: github-pat \[error\]' "$WORK/pr-leak.log" && pass "the job log shows file:line:col" || fail "no text report in the log: $(cat "$WORK/pr-leak.log")"

REUSE=$(out bin "$OUT")
[[ -x $REUSE ]] && "$REUSE" version | grep -q '^ghpat-ls ' && pass "install: build puts a working ghpat-ls in the bin dir" || fail "build install: $REUSE"
export REUSE

# 2. A pull request without a token passes although main has an old leak.
checkout clean "$WORK/pr-clean"
run_action pr-clean "$WORK/pr-clean" GHPAT_INSTALL=build GITHUB_EVENT_NAME=pull_request GITHUB_BASE_REF=main GHPAT_SARIF="$WORK/pr-clean.sarif"
[[ $RC == 0 ]] && pass "clean pull request passes (old leaks are not its diff)" || fail "clean pull request: rc=$RC $(cat "$WORK/pr-clean.log")"

# 3. A push scans the whole tree: the old leak fails it.
git clone -q -b main "$WORK/origin.git" "$WORK/push"
run_action push "$WORK/push" GHPAT_INSTALL=build GITHUB_EVENT_NAME=push GHPAT_SARIF=
[[ $RC == 1 && $(out command "$OUT") == "ghpat-ls scan --fail-on error" && -z $(out sarif "$OUT") ]] && pass "push: full scan fails on old.py" || fail "push: rc=$RC command=$(out command "$OUT")"

# 4. fail-on none reports but passes; a path list limits a full scan.
run_action none "$WORK/push" GHPAT_INSTALL=build GITHUB_EVENT_NAME=push GHPAT_FAIL_ON=none GHPAT_SARIF=
[[ $RC == 0 ]] && grep -q 'old.py' "$WORK/none.log" && pass "fail-on none: reported, job passes" || fail "fail-on none: rc=$RC"
run_action paths "$WORK/push" GHPAT_INSTALL=build GITHUB_EVENT_NAME=push GHPAT_PATHS=app.py GHPAT_SARIF=
[[ $RC == 0 ]] && pass "paths: only app.py scanned" || fail "paths: rc=$RC"

# 5. Explicit mode and base; the history switch passes --history through.
run_action base "$WORK/push" GHPAT_INSTALL=build GITHUB_EVENT_NAME=push GHPAT_MODE=diff GHPAT_BASE=HEAD~1 GHPAT_SARIF=
[[ $RC == 1 && $(out command "$OUT") == "ghpat-ls scan --diff HEAD~1 --fail-on error" ]] && pass "mode diff with base input" || fail "mode diff + base: rc=$RC $(out command "$OUT")"
run_action history "$WORK/push" GHPAT_INSTALL=build GHPAT_MODE=history GHPAT_SARIF=
[[ $(out command "$OUT") == "ghpat-ls scan --history --fail-on error" && $RC != 0 ]] && pass "mode history runs scan --history (rc=$RC)" || fail "mode history: rc=$RC $(out command "$OUT")"

# 6. Fail closed on bad input: an unknown mode, a pull request without a base.
run_action badmode "$WORK/push" GHPAT_INSTALL=build GHPAT_MODE=everything
[[ $RC == scan-failed ]] && grep -q 'mode must be' "$WORK/badmode.log" && pass "unknown mode is an error" || fail "unknown mode: rc=$RC"
run_action nobase "$WORK/push" GHPAT_INSTALL=build GHPAT_MODE=diff
[[ $RC == scan-failed ]] && pass "diff without a base is an error, not a full pass" || fail "diff without base: rc=$RC"

# 7. Release install from a goreleaser snapshot (file:// stands in for GitHub).
unset REUSE
if [[ -n $DIST ]]; then
	DIST=$(cd "$DIST" && pwd)
	version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$DIST/metadata.json" | head -1)
	mkdir -p "$WORK/releases/v$version"
	cp "$DIST"/*.tar.gz "$DIST"/*.zip "$DIST"/*_checksums.txt "$WORK/releases/v$version/"
	run_action release "$WORK/pr-leak" GHPAT_VERSION="v$version" GHPAT_DOWNLOAD_URL="file://$WORK/releases" GITHUB_EVENT_NAME=pull_request GITHUB_BASE_REF=main GHPAT_SARIF=
	if [[ $RC == 1 ]] && grep -q "sha256 .* verified" "$WORK/release.log" && grep -q "ghpat-ls $version " "$WORK/release.log"; then
		pass "release install: checksum verified, stamped $version, scan fails the PR"
	else
		fail "release install: rc=$RC $(cat "$WORK/release.log")"
	fi
	sums="$WORK/releases/v$version/ghpat-ls_${version}_checksums.txt"
	# Flip the first hex digit of every linux archive's checksum.
	awk '/_linux_/ { $1 = (substr($1, 1, 1) == "0" ? "1" : "0") substr($1, 2) } { print $1 "  " $2 }' "$sums" >"$sums.new" && mv "$sums.new" "$sums"
	run_action tampered "$WORK/pr-leak" GHPAT_VERSION="v$version" GHPAT_DOWNLOAD_URL="file://$WORK/releases" GHPAT_SARIF=
	[[ $RC == install-failed ]] && grep -q 'checksum mismatch' "$WORK/tampered.log" && pass "tampered checksum: install refused" || fail "tampered checksum: rc=$RC $(cat "$WORK/tampered.log")"
else
	echo "skip release install (no DIST given)"
fi

if ((fails)); then
	echo "test-action.sh: $fails failure(s)" >&2
	exit 1
fi
echo "PASS: test-action.sh"
