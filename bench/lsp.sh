#!/usr/bin/env bash
# Language-server latency: from a one-character textDocument/didChange on a
# 10,000-line file (a token, a legacy header and an unpinned API call every
# 500 lines; emoji/CJK on every line) to its publishDiagnostics, over the
# framed JSON-RPC stream. Prints each run's mean, median and 90th percentile,
# then the peak memory of the real binary holding a 50 MB document.
#
#   bench/lsp.sh [RUNS]      (default 5 runs of 200 edits)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
echo "== didChange -> publishDiagnostics, 10,000 lines ($RUNS x 200 edits)"
go test -run XXX -bench DidChangeToDiagnostics10kLines -benchtime 200x -count "$RUNS" ./lsp |
	awk '/^Benchmark/ { printf "mean %6.2f ms   median %s ms   p90 %s ms\n", $3/1e6, $7, $9 }'
echo "== peak RSS of ghpat-ls with a 50 MB document open (skipped, not analysed)"
go test -count=1 -run TestServeHugeDocument -v ./cmd/ghpat-ls | grep -E 'peak RSS|serve_test.go|^(ok|FAIL|---)' || true
