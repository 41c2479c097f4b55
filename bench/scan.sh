#!/usr/bin/env bash
# Scan throughput and recall: ghpat-ls scan against gitleaks (its GitHub rules
# only, and its default configuration) and ripgrep (one combined regex of the
# GitHub token shapes, the near-limit reference), on a copy of the Go module
# cache with planted checksum-valid tokens.
#
#   bench/scan.sh [SIZE_MB] [N_TOKENS]      (defaults: 400 MB, 200 tokens)
#
# Environment: REPEAT (default 5) runs of the fast tools, best time kept;
# KEEP=1 keeps the work directory; SKIP_GITLEAKS_DEFAULT=1 skips the slowest
# run, SKIP_GITLEAKS=1 both gitleaks runs; BINARIES=0 leaves out the Go
# toolchain's compiled programs (GOROOT/bin, GOROOT/pkg/tool, ~80 MB), which
# are otherwise added to the corpus: ghpat-ls reads binaries too; BASELINE_REV=REV also builds
# ghpat-ls at that git revision (e.g. main) and times it in the same run,
# alternating with the current build, to measure a change against it.
# Needs go, git; uses rg and /usr/bin/time -v when present.
# Nothing prints a token: reports are written to the work directory, gitleaks
# runs with --redact, rg replaces each match with nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-400}
N=${2:-200}
REPEAT=${REPEAT:-5}
work=$(mktemp -d /tmp/ghpat-bench.XXXXXX)
[ "${KEEP:-}" = 1 ] || trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
corpus=$work/corpus
mkdir -p "$work/bin" "$corpus"

echo "== building ghpat-ls, the bench helper and gitleaks"
go build -o "$work/bin/ghpat-ls" ./cmd/ghpat-ls
go build -o "$work/bin/plant" ./bench/plant
if [ -n "${BASELINE_REV:-}" ]; then
	mkdir -p "$work/baseline-src"
	git archive "$BASELINE_REV" | tar -x -C "$work/baseline-src"
	(cd "$work/baseline-src" && go build -o "$work/bin/ghpat-ls-baseline" ./cmd/ghpat-ls)
fi
gl_version=$(go list -m -f '{{.Version}}' github.com/zricethezav/gitleaks/v8)
[ "${SKIP_GITLEAKS:-}" = 1 ] || GOBIN=$work/bin go install "github.com/zricethezav/gitleaks/v8@$gl_version"

echo "== corpus: ${SIZE_MB} MB of $(go env GOMODCACHE), $N planted tokens"
read -r files bytes textbytes < <("$work/bin/plant" corpus -from "$(go env GOMODCACHE)" -to "$corpus" -mb "$SIZE_MB")
if [ "${BINARIES:-1}" = 1 ]; then
	mkdir -p "$corpus/go-binaries"
	find "$(go env GOROOT)/bin" "$(go env GOROOT)/pkg/tool" -type f -exec cp {} "$corpus/go-binaries/" \;
	chmod -R u+w "$corpus/go-binaries"
	bin_bytes=$(find "$corpus/go-binaries" -type f -printf '%s\n' | awk '{t += $1} END {print t + 0}')
	files=$((files + $(find "$corpus/go-binaries" -type f | wc -l)))
	bytes=$((bytes + bin_bytes))
fi
"$work/bin/plant" plant -dir "$corpus" -n "$N" -seed 1 -out "$work/planted.json"
echo "   $files files, $bytes bytes, of which $textbytes in text files (the rest is binary: ghpat-ls reads it too, rg skips it on a NUL byte, gitleaks by magic number)"

# Warm the page cache so every tool reads from memory.
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null

have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null && have_time=1

# measure NAME REPORT-TOOL REPORT REPEAT CMD...: best wall time of REPEAT runs
# (warm cache), highest peak RSS, recall from the last run's report.
results=()
measure() {
	local name=$1 tool=$2 report=$3 repeat=$4
	shift 4
	local t0 t1 rss="n/a" secs="" cpu="n/a" s i r c
	for ((i = 0; i < repeat; i++)); do
		t0=$(date +%s.%N)
		if [ $have_time = 1 ]; then
			/usr/bin/time -v -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || true
			r=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
			[ "$rss" = n/a ] || [ "$r" -gt "${rss% MB}" ] && rss="$r MB"
			# CPU time (user + system) is steadier than wall time on a loaded machine.
			c=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$work/time.txt")
			if [ "$cpu" = n/a ] || awk "BEGIN{exit !($c < $cpu)}"; then cpu=$c; fi
		else
			"$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || true
		fi
		t1=$(date +%s.%N)
		s=$(awk "BEGIN{print $t1-$t0}")
		if [ -z "$secs" ] || awk "BEGIN{exit !($s < $secs)}"; then secs=$s; fi
	done
	[ -n "$report" ] || report=$work/stdout.txt
	local rec="n/a"
	if [ -n "$tool" ]; then
		rec=$("$work/bin/plant" recall -dir "$corpus" -planted "$work/planted.json" -tool "$tool" -report "$report" | tr ' ' /)
	fi
	local mbs tmbs
	mbs=$(awk "BEGIN{printf \"%.1f\", $bytes/1e6/$secs}")
	tmbs=$(awk "BEGIN{printf \"%.1f\", $textbytes/1e6/$secs}")
	printf '   %-34s %7.2f s %8s MB/s (text %7s MB/s)  cpu %6s s  recall %-8s peak RSS %s\n' "$name" "$secs" "$mbs" "$tmbs" "$cpu" "$rec" "$rss"
	results+=("$name|$secs|$mbs|$rec|$rss|$cpu")
}

echo "== runs (corpus $((bytes / 1000000)) MB, $(nproc) CPUs, load:$(uptime | sed "s/.*load average://"))"
measure "read every file (cat)" "" "" "$REPEAT" sh -c "find '$corpus' -type f -print0 | xargs -0 cat >/dev/null"
if [ -n "${BASELINE_REV:-}" ]; then
	# Alternate the two builds so that load on a shared machine hits both.
	for ((k = 0; k < REPEAT; k++)); do
		measure "ghpat-ls scan at $BASELINE_REV" ghpat-ls "$work/ghpat-base.json" 1 "$work/bin/ghpat-ls-baseline" scan \
			--format json --output "$work/ghpat-base.json" --fail-on none --max-file-size 0 "$corpus"
		measure "ghpat-ls scan" ghpat-ls "$work/ghpat.json" 1 "$work/bin/ghpat-ls" scan \
			--format json --output "$work/ghpat.json" --fail-on none --max-file-size 0 "$corpus"
	done
else
	measure "ghpat-ls scan" ghpat-ls "$work/ghpat.json" "$REPEAT" "$work/bin/ghpat-ls" scan \
		--format json --output "$work/ghpat.json" --fail-on none --max-file-size 0 "$corpus"
fi
if command -v rg >/dev/null; then
	measure "rg (one combined regex)" rg "" "$REPEAT" rg --hidden --no-ignore -n --no-heading -o -r '' \
		-e '(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82}' "$corpus"
fi
[ "${SKIP_GITLEAKS:-}" = 1 ] || measure "gitleaks dir (GitHub rules)" gitleaks "$work/gl-github.json" 1 "$work/bin/gitleaks" dir "$corpus" \
	--config bench/gitleaks-github.toml --redact --no-banner --exit-code 0 --log-level error \
	--report-format json --report-path "$work/gl-github.json"
if [ "${SKIP_GITLEAKS_DEFAULT:-}" != 1 ] && [ "${SKIP_GITLEAKS:-}" != 1 ]; then
	measure "gitleaks dir (default config)" gitleaks "$work/gl-default.json" 1 "$work/bin/gitleaks" dir "$corpus" \
		--redact --no-banner --exit-code 0 --log-level error \
		--report-format json --report-path "$work/gl-default.json"
fi

echo "== ghpat-ls speed-up (other tool's time / ghpat-ls time)"
ghpat_secs=$(printf '%s\n' "${results[@]}" | awk -F'|' '$1=="ghpat-ls scan" && (best=="" || $2<best) {best=$2} END {print best}')
for r in "${results[@]}"; do
	IFS='|' read -r name secs mbs rec rss cpu <<<"$r"
	[ "$name" = "ghpat-ls scan" ] && continue
	awk -v n="$name" -v a="$ghpat_secs" -v b="$secs" 'BEGIN{printf "   vs %-34s %8.2fx\n", n, b/a}'
done
if [ -n "${BASELINE_REV:-}" ]; then
	base_secs=$(printf '%s\n' "${results[@]}" | awk -F'|' -v n="ghpat-ls scan at $BASELINE_REV" '$1==n && (best=="" || $2<best) {best=$2} END {print best}')
	awk -v a="$ghpat_secs" -v b="$base_secs" -v r="$BASELINE_REV" 'BEGIN{printf "== current vs %s (best of each): %.2f s vs %.2f s wall: %+.1f%%\n", r, a, b, (a/b-1)*100}'
	if [ $have_time = 1 ]; then
		best_cpu() { printf '%s\n' "${results[@]}" | awk -F'|' -v n="$1" '$1==n && (best=="" || $6<best) {best=$6} END {print best}'; }
		awk -v a="$(best_cpu "ghpat-ls scan")" -v b="$(best_cpu "ghpat-ls scan at $BASELINE_REV")" -v r="$BASELINE_REV" \
			'BEGIN{printf "== current vs %s (best of each): %.2f s vs %.2f s CPU: %+.1f%%\n", r, a, b, (a/b-1)*100}'
	fi
fi
echo "gitleaks $gl_version, $(rg --version 2>/dev/null | head -1), $(go env GOVERSION)"
