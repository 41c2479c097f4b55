#!/usr/bin/env bash
# Linear work (issue 18): times every analysis path on each input shape of
# internal/shapes (normal code, one huge line, many matches on a line, deep
# nesting, a big workflow) at 1x, 2x, 4x and 8x its base size, and prints
# a table per size. Linear work keeps the time per byte flat: the last
# column, the 8x cost per byte over the 1x cost per byte, is ~1 when linear
# and ~8 when quadratic.
#
# Three series: `go test -bench BenchmarkLinear ./analysis` (Analyze with
# every rule, FindAPICalls and EnvRefs on the text in memory), the same in
# ./lsp (the server turning the findings into diagnostics: UTF-16
# positions of every finding), and the real
# binary on a generated file (`scan --all-rules` and `permissions` on a
# directory holding just that file, including the process start). Times
# are CPU time (user + system): on a shared machine the wall time says
# more about the other processes than about this one.
#
#   bench/linear.sh [SHAPE...]                 (default: every shape)
#   BASELINE_REV=main bench/linear.sh          (also the same series for that
#                                               revision, with this tree's shapes)
#   LIMIT=20    seconds one run may take; the larger sizes of a shape that
#               took longer are skipped (a quadratic baseline runs for minutes)
#   REPEAT=3    runs per size under 2 s, the best one counts
#   DIV=8       divide every size by 8 (a quadratic baseline at full size
#               takes minutes for 1x already)
#   SKIP_GO=1 / SKIP_BINARY=1 leave a series out.
# Not run by CI; no test asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT=${LIMIT:-20}
REPEAT=${REPEAT:-3}
export LINEAR_DIV=${DIV:-1}
MULTS=(1 2 4 8)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/lineargen" ./bench/lineargen
if [ $# -gt 0 ]; then shapes=("$@"); else mapfile -t shapes < <("$work/lineargen" -list); fi

# build LABEL SRC: the benchmark binary and ghpat-ls of the tree at SRC.
build() {
	(cd "$2" && go test -c -o "$work/$1.test" ./analysis && go test -c -o "$work/$1-lsp.test" ./lsp &&
		go build -o "$work/$1-ghpat-ls" ./cmd/ghpat-ls)
}

# seconds CMD...: CPU seconds (user + system) of CMD (killed after LIMIT
# seconds of wall time: prints "-"); its output goes to $work/out, its
# exit status to $work/rc.
seconds() {
	local rc=0
	timeout "$LIMIT" /usr/bin/time -o "$work/time" -f '%U %S' "$@" >"$work/out" 2>&1 || rc=$?
	echo "$rc" >"$work/rc"
	# time's last line (before it: "Command exited with non-zero status").
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo -; else awk 'END { printf "%.4f", $1 + $2 }' "$work/time"; fi
}

# best CMD...: the best of REPEAT runs (one when it takes 2 s or more).
best() {
	local s b
	b=$(seconds "$@")
	[ "$b" = - ] && { echo -; return; }
	for ((r = 1; r < REPEAT; r++)); do
		awk -v b="$b" 'BEGIN { exit !(b < 2) }' || break
		s=$(seconds "$@")
		[ "$s" = - ] && break
		b=$(awk -v a="$s" -v b="$b" 'BEGIN { print (a < b ? a : b) }')
	done
	echo "$b"
}

# gobench TESTBIN SHAPE MULT: seconds per op of BenchmarkLinear at one size.
gobench() {
	local s
	s=$(best "$work/$1.test" -test.run '^$' -test.benchtime 1x \
		-test.bench "^BenchmarkLinear\$/^shape=$2\$/^size=$3x\$")
	if [ "$s" = - ] || ! grep -q '^BenchmarkLinear' "$work/out"; then echo -; return; fi
	# The benchmark's own CPU time per operation, not the process's.
	awk '/^BenchmarkLinear/ { for (i = 2; i <= NF; i++) if ($i == "cpu-ns/op") printf "%.4f", $(i-1) / 1e9 }' "$work/out"
}

# binrun LABEL SHAPE MULT COMMAND...: seconds of ghpat-ls COMMAND on a
# directory holding only the shape's file ("err" when it exits 2: it could
# not read everything).
binrun() {
	local label=$1 sh=$2 m=$3 dir="$work/in" s
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir"
	"$work/lineargen" -shape "$sh" -mult "$m" -div "$LINEAR_DIV" -dir "$dir" >/dev/null
	s=$(best "$work/$label-ghpat-ls" "$@" "$dir")
	[ "$(cat "$work/rc")" = 2 ] && s=err
	echo "$s"
}

fmt_s() { # seconds -> "12.3 ms" / "1.23 s"
	awk -v s="$1" 'BEGIN { if (s == "-") print "> limit"; else if (s == "err") print "error";
		else if (s < 1) printf "%.1f ms", s * 1000; else printf "%.2f s", s }'
}

ratio() { # t1 t8: the 8x cost per byte over the 1x cost per byte
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a <= 0) print "-"; else printf "%.2f", b / a / 8 }'
}

# table LABEL KIND: one row per shape. KIND is go, lsp, scan or permissions.
table() {
	local label=$1 kind=$2 sh m t row size first last
	printf '%-20s %9s' shape "1x size"
	for m in "${MULTS[@]}"; do printf ' %11s' "${m}x"; done
	printf ' %9s\n' "8x/1x per byte"
	for sh in "${shapes[@]}"; do
		size=$("$work/lineargen" -shape "$sh" -mult 1 -div "$LINEAR_DIV" -dir "$work/size")
		row="" first="" last="-" skip=""
		for m in "${MULTS[@]}"; do
			if [ -n "$skip" ]; then t=-; else
				case $kind in
				go) t=$(gobench "$label" "$sh" "$m") ;;
				lsp) t=$(gobench "$label-lsp" "$sh" "$m") ;;
				scan) t=$(binrun "$label" "$sh" "$m" scan --all-rules --format json) ;;
				permissions) t=$(binrun "$label" "$sh" "$m" permissions --format json) ;;
				esac
			fi
			[ "$t" = - ] || [ "$t" = err ] && skip=1
			[ -z "$first" ] && first=$t
			last=$t
			row+=$(printf ' %11s' "$(fmt_s "$t")")
		done
		printf '%-20s %6d KB%s %9s\n' "$sh" $((size / 1024)) "$row" "$(ratio "$first" "$last")"
	done
}

series() { # LABEL SRC
	build "$1" "$2"
	if [ -z "${SKIP_GO:-}" ]; then
		echo "== $1: go test -bench BenchmarkLinear ./analysis (Analyze all rules + FindAPICalls + EnvRefs), CPU time"
		table "$1" go
		echo "== $1: go test -bench BenchmarkLinear ./lsp (the findings as diagnostics: UTF-16 positions), CPU time"
		table "$1" lsp
	fi
	if [ -z "${SKIP_BINARY:-}" ]; then
		echo "== $1: ghpat-ls scan --all-rules --format json DIR, CPU time"
		table "$1" scan
		echo "== $1: ghpat-ls permissions --format json DIR, CPU time"
		table "$1" permissions
	fi
}

if [ -n "${BASELINE_REV:-}" ]; then
	mkdir -p "$work/base"
	git archive "$BASELINE_REV" | tar -x -C "$work/base"
	# The baseline's own code, measured on this tree's inputs.
	mkdir -p "$work/base/internal/shapes"
	cp internal/shapes/*.go "$work/base/internal/shapes/"
	cp analysis/linear_bench_test.go analysis/linear_cpu_*_test.go "$work/base/analysis/"
	cp lsp/linear_bench_test.go lsp/linear_cpu_*_test.go "$work/base/lsp/"
	echo "== baseline: $BASELINE_REV"
	series baseline "$work/base"
fi
series current .
