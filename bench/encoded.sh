#!/usr/bin/env bash
# Encoded tokens (issue 19): ghpat-ls scan against gitleaks with its
# decoding switched on (--max-decode-depth 5 --max-archive-depth 3), on one
# corpus of generated checksum-valid tokens written in every form ghpat-ls
# decodes: one file per form (internal/fixture.Encodings: base64 in both
# alphabets at every alignment, wrapped, nested two and three deep, hex,
# percent, backslash escapes, HTML references, quoted-printable) and token
# kind, plus decoys (random base64 and hex, encoded placeholders) that must
# stay quiet. Prints how many tokens each tool found and how many decoys
# it flagged.
#
#   bench/encoded.sh
#
# gitleaks runs twice: with its GitHub rules only (bench/gitleaks-github.toml,
# the rules ghpat-ls adopts) and with its default configuration. KEEP=1
# keeps the work directory. Nothing prints a token: reports go to the work
# directory and gitleaks runs with --redact.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/ghpat-encoded.XXXXXX)
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/corpus"

echo "== building ghpat-ls, the bench helper and gitleaks"
go build -o "$work/bin/ghpat-ls" ./cmd/ghpat-ls
go build -o "$work/bin/plant" ./bench/plant
gl_version=$(go list -m -f '{{.Version}}' github.com/zricethezav/gitleaks/v8)
GOBIN=$work/bin go install "github.com/zricethezav/gitleaks/v8@$gl_version"

"$work/bin/plant" encoded -dir "$work/corpus" -out "$work/planted.json"
echo "   $(find "$work/corpus" -type f | wc -l) files"

score() { "$work/bin/plant" recall -dir "$work/corpus" -planted "$work/planted.json" -tool "$1" -report "$2"; }

"$work/bin/ghpat-ls" scan --format json --output "$work/ghpat.json" --fail-on none "$work/corpus" >/dev/null 2>&1
echo "   ghpat-ls scan                              found $(score ghpat-ls "$work/ghpat.json")"
"$work/bin/gitleaks" dir "$work/corpus" --config bench/gitleaks-github.toml --max-decode-depth 5 --max-archive-depth 3 \
	--redact --no-banner --exit-code 0 --log-level error --report-format json --report-path "$work/gl-github.json"
echo "   gitleaks dir (GitHub rules, decoding on)   found $(score gitleaks "$work/gl-github.json")"
"$work/bin/gitleaks" dir "$work/corpus" --max-decode-depth 5 --max-archive-depth 3 \
	--redact --no-banner --exit-code 0 --log-level error --report-format json --report-path "$work/gl-default.json"
echo "   gitleaks dir (default config, decoding on) found $(score gitleaks "$work/gl-default.json")"

# What each tool missed, by form (the directory names the form).
for tool in ghpat-ls gitleaks; do
	report=$work/ghpat.json
	[ $tool = gitleaks ] && report=$work/gl-github.json
	echo "== forms $tool missed at least one token of (found/planted per form)"
	python3 - "$work/planted.json" "$report" "$work/corpus" $tool <<'PY' || true
import json, sys, os, collections
planted = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
root = os.path.realpath(sys.argv[3])
if sys.argv[4] == "ghpat-ls":
    files = {os.path.relpath(os.path.join(rep.get("root") or rep.get("Root") or "", f.get("file") or f.get("File")), root) for f in rep.get("findings") or rep.get("Findings") or []}
else:
    files = {os.path.relpath(os.path.realpath(f["File"]), root) for f in rep}
per = collections.defaultdict(lambda: [0, 0])
for p in planted:
    if p["kind"] == "decoy":
        continue
    form = p["file"].split("/")[0]
    per[form][1] += 1
    per[form][0] += p["file"] in files
for form, (f, n) in sorted(per.items()):
    if f < n:
        print(f"   {form:45s} {f}/{n}")
PY
done
echo "gitleaks $gl_version, $(go env GOVERSION)"
