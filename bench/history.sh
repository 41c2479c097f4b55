#!/usr/bin/env bash
# History scan: ghpat-ls scan --history against gitleaks git (its GitHub
# rules only) and the `git log -p -U0 --all | rg` floor, side by side in one
# run on one repository.
#
#   bench/history.sh [REPO]
#
# REPO is a local repository (bare or not) and is only read. Without it a
# synthetic history is built (bench/historygen: 3000 commits over 300 files
# with planted checksum-valid tokens, some deleted later, some on unmerged
# branches) and recall is checked by introducing commit, path and line.
#
# Environment: REPEAT (default 3) runs of the fast tools, best time kept;
# KEEP=1 keeps the work directory; COMMITS, FILES, TOKENS size the
# synthetic repository. Needs go and git; uses rg and /usr/bin/time -v when
# present. Nothing prints a token: reports go to the work directory,
# gitleaks runs with --redact, rg prints counts only.
#
# Peak RSS is /usr/bin/time's "maximum resident set size": that of the
# largest single process of the command's tree (ghpat-ls or one of its git
# children; gitleaks or its `git log -p` child).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-3}
work=$(mktemp -d /tmp/ghpat-hist-bench.XXXXXX)
[ "${KEEP:-}" = 1 ] || trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/bin"

echo "== building ghpat-ls, the bench helper and gitleaks"
go build -o "$work/bin/ghpat-ls" ./cmd/ghpat-ls
go build -o "$work/bin/historygen" ./bench/historygen
gl_version=$(go list -m -f '{{.Version}}' github.com/zricethezav/gitleaks/v8)
GOBIN=$work/bin go install "github.com/zricethezav/gitleaks/v8@$gl_version"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
synthetic=0
if [ $# -ge 1 ]; then
	repo=$(cd "$1" && pwd)
else
	synthetic=1
	repo=$work/repo.git
	echo "== building a synthetic history (${COMMITS:-3000} commits, ${FILES:-300} files, ${TOKENS:-60} tokens)"
	git init -q --bare "$repo"
	"$work/bin/historygen" repo -commits "${COMMITS:-3000}" -files "${FILES:-300}" -tokens "${TOKENS:-60}" \
		-planted "$work/planted.json" | git -C "$repo" fast-import --quiet --export-marks="$work/marks"
	git -C "$repo" gc -q
fi
commits=$(git -C "$repo" rev-list --all | wc -l)
read -r blobs blobbytes < <(git -C "$repo" rev-list --objects --all --no-object-names |
	git -C "$repo" cat-file --batch-check='%(objecttype) %(objectsize)' | awk '$1=="blob"{n++; s+=$2} END{print n+0, s+0}')
patchbytes=$(git -C "$repo" log -p -U0 --all --no-color | wc -c)
echo "   $repo: $commits commits, $blobs blobs ($((blobbytes / 1000000)) MB), $((patchbytes / 1000000)) MB of -U0 patches"

# Warm the page cache (pack files).
git -C "$repo" cat-file --batch-all-objects --batch-check >/dev/null
find "$(git -C "$repo" rev-parse --absolute-git-dir)/objects" -type f -print0 | xargs -0 cat >/dev/null

have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null && have_time=1

results=()
# measure NAME TOOL REPORT REPEAT CMD...: best wall time of REPEAT runs,
# highest peak RSS, recall (synthetic repository) from the last report.
measure() {
	local name=$1 tool=$2 report=$3 repeat=$4
	shift 4
	local t0 t1 rss="n/a" secs="" s i r
	for ((i = 0; i < repeat; i++)); do
		t0=$(date +%s.%N)
		if [ $have_time = 1 ]; then
			/usr/bin/time -v -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || true
			r=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
			[ "$rss" = n/a ] || [ "$r" -gt "${rss% MB}" ] && rss="$r MB"
		else
			"$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || true
		fi
		t1=$(date +%s.%N)
		s=$(awk "BEGIN{print $t1-$t0}")
		if [ -z "$secs" ] || awk "BEGIN{exit !($s < $secs)}"; then secs=$s; fi
	done
	local rec="n/a"
	if [ $synthetic = 1 ] && [ "$tool" != rg ] && [ -n "$tool" ]; then
		rec=$("$work/bin/historygen" recall -planted "$work/planted.json" -marks "$work/marks" -tool "$tool" -report "$report")
	fi
	local found="n/a"
	case $tool in
	ghpat-ls) found=$(grep -c '"ruleId"' "$report" || true) ;;
	gitleaks) found=$(grep -c '"RuleID"' "$report" || true) ;;
	rg) found=$(tr -d ' \n' <"$work/stdout.txt") ;;
	esac
	printf '   %-36s %7.2f s  findings %-5s recall %-8s peak RSS %s\n' "$name" "$secs" "$found" "$rec" "$rss"
	results+=("$name|$secs")
}

echo "== runs ($(nproc) CPUs, load:$(uptime | sed "s/.*load average://"))"
measure "git log -p -U0 --all, rg (floor)" rg "" "$REPEAT" sh -c "git -C '$repo' log -p -U0 --all --no-color |
	rg -c -e '(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82}' || true"
measure "ghpat-ls scan --history" ghpat-ls "$work/ghpat.json" "$REPEAT" \
	sh -c "cd '$repo' && '$work/bin/ghpat-ls' scan --history --format json --output '$work/ghpat.json' --fail-on none"
rm -f "$work/cache"
sh -c "cd '$repo' && '$work/bin/ghpat-ls' scan --history --cache '$work/cache' --fail-on none >/dev/null"
measure "ghpat-ls scan --history --cache (warm)" ghpat-ls "$work/ghpat-cache.json" "$REPEAT" \
	sh -c "cd '$repo' && '$work/bin/ghpat-ls' scan --history --cache '$work/cache' --format json --output '$work/ghpat-cache.json' --fail-on none"
measure "gitleaks git (GitHub rules)" gitleaks "$work/gl.json" 1 "$work/bin/gitleaks" git "$repo" \
	--config bench/gitleaks-github.toml --redact --no-banner --exit-code 0 --log-level error \
	--report-format json --report-path "$work/gl.json"

echo "== ratios (other time / ghpat-ls scan --history time)"
ghpat_secs=$(printf '%s\n' "${results[@]}" | awk -F'|' '$1=="ghpat-ls scan --history"{print $2}')
for r in "${results[@]}"; do
	IFS='|' read -r name secs <<<"$r"
	[ "$name" = "ghpat-ls scan --history" ] && continue
	awk -v n="$name" -v a="$ghpat_secs" -v b="$secs" 'BEGIN{printf "   %-38s %6.2fx\n", n, b/a}'
done
echo "gitleaks $gl_version, $(git --version), $(rg --version 2>/dev/null | head -1), $(go env GOVERSION)"
