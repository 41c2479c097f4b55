#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, then runs it:
# Go unit/integration/fuzz-seed tests (real LSP over stdio, real git, real
# pre-commit, real Neovim) and the editor packages' tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

# --- progress ----------------------------------------------------------------
# Some stages run for minutes without a word (building goreleaser, the release
# snapshot, go test of a big package, code-server's native modules): a
# heartbeat names the stage and its time every 30 seconds, so a log never
# falls silent for longer. scripts/test-vscode.sh reports its steps to it too.
export GHPAT_STAGE_FILE
GHPAT_STAGE_FILE=$(mktemp)
stage() {
	echo "== $*"
	printf '%s\t%s\n' "$(date +%s)" "$*" >"$GHPAT_STAGE_FILE"
}
heartbeat() {
	# sleep holds none of our output open: nothing waits for it after exit.
	while sleep 30 </dev/null >/dev/null 2>&1; do
		IFS=$'\t' read -r since name <"$GHPAT_STAGE_FILE" || continue
		[ -n "${name:-}" ] || continue
		echo "   ... still running: $name ($(( $(date +%s) - since ))s; ${SECONDS}s in all)"
	done
}
heartbeat &
heartbeat_pid=$!
cleanup() {
	kill "$heartbeat_pid" 2>/dev/null || true
	rm -f "$GHPAT_STAGE_FILE"
	[ -z "${snapshot:-}" ] || rm -rf "$snapshot"
}
trap cleanup EXIT

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
	stage "installing ${apt_pkgs[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi

# --- Go ---------------------------------------------------------------------
export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
stage "go $(go env GOVERSION): download modules, vet, build"
go mod download
# testdata/ holds fixtures with the odd formatting users write.
go_files=$(git ls-files '*.go' ':!:testdata/**' 2>/dev/null || find . -name '*.go' -not -path './testdata/*' -not -path '*/node_modules/*')
unformatted=$(gofmt -l $go_files)
test -z "$unformatted" || { echo "gofmt needed:"; echo "$unformatted"; exit 1; }
go vet ./...
# Issue 14's bar, with tools from the Go module proxy (pinned): staticcheck
# clean, and no production function above cyclomatic complexity 25.
stage "staticcheck, gocyclo"
go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
go install github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0
go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
staticcheck ./...
complex=$(gocyclo -over 25 $(printf '%s\n' $go_files | grep -v '_test\.go$'))
test -z "$complex" || { echo "functions above cyclomatic complexity 25:"; echo "$complex"; exit 1; }
# The project's own workflows (issue 22): actionlint clean, and ghpat-ls's
# own workflow rules (--all-rules, warnings fail) pass on them.
stage "actionlint, ghpat-ls scan --all-rules on .github/workflows and action.yml"
actionlint
go run ./cmd/ghpat-ls scan --all-rules --fail-on info .github/workflows action.yml
go build ./...
# Users build with the oldest Go that go.mod allows (go install, the golang
# pre-commit hook): keep that promise true (the toolchain comes from the proxy).
min_go=$(awk '/^go /{print $2}' go.mod)
stage "go build with the minimum Go from go.mod ($min_go)"
GOTOOLCHAIN="go$min_go" go build ./...

stage "go test ./... (fuzz seed corpora run as plain tests)"
go test -count=1 ./...

stage "go test -race on the concurrent parts (server, live lookups)"
go test -race -count=1 ./lsp/... ./tokeninfo/... ./cmd/ghpat-ls/

# Permission tests skip as root (root reads any directory); CI runs as root,
# so run the listing's and the scan's tests again as an unprivileged user.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	stage "filelist and scan tests as an unprivileged user (unreadable files and directories)"
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
	stage "go install goreleaser $GORELEASER_VERSION (about 7 minutes cold on 2 cores)"
	t0=$(date +%s)
	go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
	echo "   ($(( $(date +%s) - t0 ))s)"
fi
stage "goreleaser check"
goreleaser check
# The full snapshot, from a clean clone of HEAD as a release would be built
# (offline: no publishing, no GitHub API). scripts/verify-release.sh checks
# it; the Action's test and the VS Code end-to-end test then use its files.
snapshot=$(mktemp -d)
[ -z "$(git status --porcelain 2>/dev/null)" ] || echo "note: uncommitted changes are not in the snapshot (it is built from a clone of HEAD)"
git clone -q . "$snapshot/ghpat-ls"
stage "goreleaser release --snapshot --clean --skip=publish (6 targets, 7 .vsix)"
t0=$(date +%s)
(cd "$snapshot/ghpat-ls" && goreleaser release --snapshot --clean --skip=publish >"$snapshot/goreleaser.log" 2>&1) || {
	tail -50 "$snapshot/goreleaser.log"
	exit 1
}
echo "   snapshot built in $(( $(date +%s) - t0 ))s"
dist="$snapshot/ghpat-ls/dist"
stage "verify the snapshot (archives, stamped version, .deb/.rpm, .vsix, checksums, formula)"
bash scripts/verify-release.sh "$dist"

stage "GitHub Action: scripts/action.sh against real repositories (release install from the snapshot)"
bash scripts/test-action.sh "$dist"

stage "editors/vscode: unit, protocol and code-server end-to-end tests, .vsix"
GHPAT_VSIX=$(ls "$dist"/ghpat-ls-*-linux-x64.vsix) bash scripts/test-vscode.sh

echo "== done in $(( $(date +%s) - start ))s"
