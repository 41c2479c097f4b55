#!/usr/bin/env bash
# vsix.sh: packages the VS Code extension for a release; goreleaser calls it
# (.goreleaser.yaml), so every .vsix is built from the binaries of the same
# release run and lands in dist/ next to the archives.
#
#   vsix.sh prepare VERSION [--no-build]
#                                    before hook: npm ci, compile (type check and
#                                    esbuild bundle), and a staging copy with the
#                                    bundle and the manifest only
#                                    (build/vscode/stage), version set to VERSION;
#                                    --no-build reuses editors/vscode/out (tests)
#   vsix.sh target GOOS GOARCH BIN   post-build hook: ghpat-ls-VERSION-<vscode
#                                    target>.vsix with BIN as server/ghpat-ls[.exe];
#                                    linux/amd64 also writes the universal
#                                    ghpat-ls-VERSION.vsix (no server: uses PATH)
#
# The per-target calls run in parallel (goreleaser builds targets
# concurrently), so each packages its own copy of the staging directory.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXT=$ROOT/editors/vscode
STAGE=$ROOT/build/vscode/stage
DIST=${DIST:-$ROOT/dist}
VSCE=$EXT/node_modules/.bin/vsce

die() { echo "vsix.sh: $*" >&2; exit 1; }

# vscode_target maps Go's GOOS/GOARCH to vsce's --target names.
vscode_target() {
	case "$1/$2" in
	linux/amd64) echo linux-x64 ;;
	linux/arm64) echo linux-arm64 ;;
	darwin/amd64) echo darwin-x64 ;;
	darwin/arm64) echo darwin-arm64 ;;
	windows/amd64) echo win32-x64 ;;
	windows/arm64) echo win32-arm64 ;;
	*) die "no VS Code target for $1/$2" ;;
	esac
}

prepare() {
	local version=$1
	[[ -n $version ]] || die "prepare: no version"
	if [[ ${2:-} != --no-build ]]; then
		(cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent compile)
	fi
	[[ -f $EXT/out/extension.js ]] || die "editors/vscode/out is not compiled"
	rm -rf "$STAGE"
	mkdir -p "$STAGE/out"
	# The bundle is the whole extension (esbuild inlined its dependencies):
	# no node_modules in the stage or the .vsix.
	cp "$EXT/out/extension.js" "$STAGE/out/"
	cp "$EXT/package.json" "$EXT/README.md" "$EXT/LICENSE" "$EXT/.vscodeignore" "$STAGE/"
	# The staged copy is already bundled (and has no TypeScript): drop the
	# prepublish compile; stamp the release version.
	node -e '
		const fs = require("fs"), f = process.argv[1], p = JSON.parse(fs.readFileSync(f, "utf8"));
		delete p.scripts["vscode:prepublish"];
		p.version = process.argv[2];
		fs.writeFileSync(f, JSON.stringify(p, null, 2) + "\n");
	' "$STAGE/package.json" "$version"
}

# package_dir DIR OUT [vsce args...]
package_dir() {
	local dir=$1 out=$2
	shift 2
	mkdir -p "$DIST"
	(cd "$dir" && "$VSCE" package --no-dependencies --no-git-tag-version --no-update-package-json --out "$out" "$@" >/dev/null)
	echo "vsix.sh: wrote ${out#"$ROOT"/}"
}

target() {
	local goos=$1 goarch=$2 bin=$3
	[[ -f $STAGE/package.json ]] || die "run 'vsix.sh prepare VERSION' first (goreleaser's before hook does)"
	[[ -x $bin ]] || die "no binary at $bin"
	local t version dir exe=ghpat-ls
	t=$(vscode_target "$goos" "$goarch")
	version=$(node -p "require('$STAGE/package.json').version")
	[[ $goos == windows ]] && exe=ghpat-ls.exe
	dir=$ROOT/build/vscode/$t
	rm -rf "$dir"
	cp -r "$STAGE" "$dir"
	mkdir -p "$dir/server"
	cp "$bin" "$dir/server/$exe"
	chmod 755 "$dir/server/$exe"
	package_dir "$dir" "$DIST/ghpat-ls-$version-$t.vsix" --target "$t"
	rm -rf "$dir"
	if [[ $t == linux-x64 ]]; then
		package_dir "$STAGE" "$DIST/ghpat-ls-$version.vsix"
	fi
}

case "${1:-}" in
prepare) prepare "${2:-}" "${3:-}" ;;
target) target "${2:?GOOS}" "${3:?GOARCH}" "${4:?binary}" ;;
*) die "usage: vsix.sh prepare VERSION | vsix.sh target GOOS GOARCH BINARY" ;;
esac
