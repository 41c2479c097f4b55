#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, then runs it:
# Go unit/integration/fuzz-seed tests (real LSP over stdio, real git, real
# pre-commit, real Neovim) and the editor packages' tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

# --- system packages --------------------------------------------------------
apt_pkgs=()
command -v git >/dev/null || apt_pkgs+=(git)
command -v nvim >/dev/null || apt_pkgs+=(neovim)
command -v pre-commit >/dev/null || apt_pkgs+=(pre-commit)
command -v rg >/dev/null || apt_pkgs+=(ripgrep)
command -v gcc >/dev/null || apt_pkgs+=(gcc) # go test -race needs cgo
command -v luajit >/dev/null || apt_pkgs+=(luajit) # editors/neovim: the 0.11 config's test, Lua syntax check
if ((${#apt_pkgs[@]})); then
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	echo "== installing ${apt_pkgs[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi

# --- Go ---------------------------------------------------------------------
export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
echo "== go $(go env GOVERSION): download modules, vet, build"
go mod download
# testdata/ holds fixtures with the odd formatting users write.
go_files=$(git ls-files '*.go' ':!:testdata/**' 2>/dev/null || find . -name '*.go' -not -path './testdata/*' -not -path '*/node_modules/*')
unformatted=$(gofmt -l $go_files)
test -z "$unformatted" || { echo "gofmt needed:"; echo "$unformatted"; exit 1; }
go vet ./...
# Issue 14's bar, with tools from the Go module proxy (pinned): staticcheck
# clean, and no production function above cyclomatic complexity 25.
echo "== staticcheck, gocyclo"
go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
go install github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0
staticcheck ./...
complex=$(gocyclo -over 25 $(printf '%s\n' $go_files | grep -v '_test\.go$'))
test -z "$complex" || { echo "functions above cyclomatic complexity 25:"; echo "$complex"; exit 1; }
go build ./...
# Users build with the oldest Go that go.mod allows (go install, the golang
# pre-commit hook): keep that promise true (the toolchain comes from the proxy).
min_go=$(awk '/^go /{print $2}' go.mod)
echo "== go build with the minimum Go from go.mod ($min_go)"
GOTOOLCHAIN="go$min_go" go build ./...

echo "== go test ./... (fuzz seed corpora run as plain tests)"
go test -count=1 ./...

echo "== go test -race on the concurrent parts (server, live lookups)"
go test -race -count=1 ./lsp/... ./tokeninfo/... ./cmd/ghpat-ls/

# Permission tests skip as root (root reads any directory); CI runs as root,
# so run the listing's and the scan's tests again as an unprivileged user.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	echo "== filelist and scan tests as an unprivileged user (unreadable files and directories)"
	tmp=$(mktemp -d)
	chown 65534:65534 "$tmp"
	for pkg in filelist scan; do
		go test -c -o "$tmp/$pkg.test" "./$pkg"
		(cd "$tmp" && setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$tmp" TMPDIR="$tmp" "./$pkg.test" -test.count=1 -test.run 'Unreadable' -test.v) |
			grep -E '^(--- |ok|PASS|FAIL)'
	done
	rm -rf "$tmp"
fi

# --- release ----------------------------------------------------------------
# goreleaser from the Go module proxy, cached in GOBIN like any go install.
GORELEASER_VERSION=v2.15.1
if ! goreleaser --version 2>/dev/null | grep -q "GitVersion: *${GORELEASER_VERSION}\$"; then
	echo "== go install goreleaser $GORELEASER_VERSION"
	t0=$(date +%s)
	go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
	echo "   ($(( $(date +%s) - t0 ))s)"
fi
echo "== goreleaser check"
goreleaser check
# The full snapshot, from a clean clone of HEAD as a release would be built
# (offline: no publishing, no GitHub API). scripts/verify-release.sh checks
# it; the Action's test and the VS Code end-to-end test then use its files.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
[ -z "$(git status --porcelain 2>/dev/null)" ] || echo "note: uncommitted changes are not in the snapshot (it is built from a clone of HEAD)"
git clone -q . "$snapshot/ghpat-ls"
echo "== goreleaser release --snapshot --clean --skip=publish (6 targets, 7 .vsix)"
t0=$(date +%s)
(cd "$snapshot/ghpat-ls" && goreleaser release --snapshot --clean --skip=publish >"$snapshot/goreleaser.log" 2>&1) || {
	tail -50 "$snapshot/goreleaser.log"
	exit 1
}
echo "   snapshot built in $(( $(date +%s) - t0 ))s"
dist="$snapshot/ghpat-ls/dist"
echo "== verify the snapshot (archives, stamped version, .deb/.rpm, .vsix, checksums, formula)"
bash scripts/verify-release.sh "$dist"

echo "== GitHub Action: scripts/action.sh against real repositories (release install from the snapshot)"
bash scripts/test-action.sh "$dist"

echo "== editors/vscode: unit, protocol and code-server end-to-end tests, .vsix"
GHPAT_VSIX=$(ls "$dist"/ghpat-ls-*-linux-x64.vsix) bash scripts/test-vscode.sh

echo "== done in $(( $(date +%s) - start ))s"
