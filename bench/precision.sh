#!/usr/bin/env bash
# Precision of the github-api-breaking-change review on client code nobody
# here wrote (docs/breaking-changes.md, "Measured on code nobody here wrote").
#
#   bench/precision.sh [WORKDIR]        (default: /tmp/precision)
#
# Rebuilds the corpus in WORKDIR/corpus from the lists beside this script:
#   precision/repos.txt  OWNER/NAME COMMIT: git archive of that commit (an
#                        older commit where the code still read a removed
#                        property is as good a sample as the newest), from
#                        $MIRROR/OWNER+NAME/repo when present (a bare copy),
#                        else a clone from github.com;
#   precision/npm.txt    NAME@VERSION: npm pack;
#   precision/idx.txt    single files copied from a public-code search index
#                        (id, language, where the shape comes from): they
#                        cannot be fetched by a script, so they are used when
#                        WORKDIR/corpus/idx already holds them and are
#                        otherwise reported missing.
# Then runs `ghpat-ls breaking-changes --format json` over it and joins every
# reported line with the hand classification in precision/labels.tsv
# (FILE:LINE:COL CHANGE true|false NOTE). A reported line without a label is
# printed as UNLABELED: read it and add it. Finally it lists, per language,
# the lines that name a removed property (grep) and were not reported: the
# candidates for misses, to read by hand.
# Needs go, git, npm (for the npm part); nothing here needs a token.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
work=${1:-/tmp/precision}
MIRROR=${MIRROR:-/work/.mirror}
corpus=$work/corpus
mkdir -p "$corpus/gh" "$corpus/npm" "$work/npm"

echo "== corpus in $corpus"
while read -r repo commit; do
	[ -z "$repo" ] || [ "${repo#\#}" != "$repo" ] && continue
	dest=$corpus/gh/${repo/\//+}@${commit:0:7}
	[ -d "$dest" ] && continue
	mkdir -p "$dest"
	if [ -d "$MIRROR/${repo/\//+}/repo" ]; then
		git --git-dir="$MIRROR/${repo/\//+}/repo" archive "$commit" | tar -x -C "$dest" ||
			echo "   $repo: some objects are missing from the mirror (large files); the rest is used"
	else
		git clone -q --filter=blob:none "https://github.com/$repo" "$work/clone" &&
			git -C "$work/clone" archive "$commit" | tar -x -C "$dest"
		rm -rf "$work/clone"
	fi
done <"$here/precision/repos.txt"
while read -r pkg; do
	[ -z "$pkg" ] || [ "${pkg#\#}" != "$pkg" ] && continue
	name=${pkg%@*}
	dest=$corpus/npm/$(echo "${name#@}" | tr / -)-${pkg##*@}
	[ -d "$dest" ] && continue
	tgz=$(cd "$work/npm" && npm pack --silent "$pkg" | tail -1)
	mkdir -p "$dest" && tar -xzf "$work/npm/$tgz" -C "$dest"
done <"$here/precision/npm.txt"
missing=0
while read -r id _; do
	[ -z "$id" ] || [ "${id#\#}" != "$id" ] && continue
	ls "$corpus/idx/$id".* >/dev/null 2>&1 || missing=$((missing + 1))
done <"$here/precision/idx.txt"
[ "$missing" = 0 ] || echo "   $missing files of precision/idx.txt are not in $corpus/idx (not fetchable by script): left out"

echo "== ghpat-ls breaking-changes"
go build -o "$work/ghpat-ls" ./cmd/ghpat-ls
(cd "$work" && ./ghpat-ls breaking-changes --format json corpus >report.json) || [ $? = 1 ]
go run ./bench/precisionreport -labels "$here/precision/labels.tsv" -corpus "$work" "$work/report.json"
