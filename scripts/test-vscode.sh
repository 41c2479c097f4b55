#!/usr/bin/env bash
# test-vscode.sh: builds and tests the VS Code extension (editors/vscode) on a
# fresh Debian machine:
#   1. unit tests of the extension's logic (vscode module stubbed),
#   2. protocol test of the built ghpat-ls over stdio (vscode-languageserver-protocol),
#   3. the platform .vsix with the server inside (scripts/vsix.sh, the same
#      packaging goreleaser runs), unless GHPAT_VSIX names one (CI passes the
#      linux-x64 .vsix of the goreleaser snapshot),
#   4. end-to-end in real VS Code: code-server 4.100.3 + headless Debian chromium
#      driven by playwright-core, with no ghpat-ls on PATH (the bundled server
#      must answer) and a local HTTPS fake of the GitHub API for the live hover;
#      screenshots in test-artifacts/vscode-*.png. GHPAT_UPDATE_IMAGES=1 copies
#      them to docs/images/ for the README (commit them when they change).
# Installs the apt packages it needs (chromium, libkrb5-dev, build-essential,
# python3, ripgrep) when missing. Needs Node 20 + npm and Go. Network: the npm
# registry and Debian apt only; nothing is downloaded from GitHub.
# code-server is cached in ${GHPAT_CACHE_DIR:-~/.cache/ghpat-ls}/code-server-4.100.3.
# Exits non-zero when any step fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXT="$ROOT/editors/vscode"
CS_VERSION=4.100.3
CACHE_DIR=${GHPAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ghpat-ls}
CS_DIR="$CACHE_DIR/code-server-$CS_VERSION"
ARTIFACTS="$ROOT/test-artifacts"
E2E_ATTEMPTS=${GHPAT_E2E_ATTEMPTS:-2}

T0=$SECONDS
TIMINGS=()
STEP_T=$SECONDS
STEP_NAME=""
step() {
	if [[ -n $STEP_NAME ]]; then TIMINGS+=("$(printf '%4ss  %s' $((SECONDS - STEP_T)) "$STEP_NAME")"); fi
	STEP_NAME=$1
	STEP_T=$SECONDS
	echo "==> $1"
	# scripts/test.sh's heartbeat names the step while it runs.
	if [[ -n ${GHPAT_STAGE_FILE:-} ]]; then printf '%s\t%s\n' "$(date +%s)" "editors/vscode: $1" >"$GHPAT_STAGE_FILE"; fi
}
report() {
	local rc=$?
	if [[ -n $STEP_NAME ]]; then TIMINGS+=("$(printf '%4ss  %s' $((SECONDS - STEP_T)) "$STEP_NAME")"); fi
	echo "==> timings (total $((SECONDS - T0))s):"
	printf '    %s\n' "${TIMINGS[@]}"
	if [[ $rc -ne 0 ]]; then echo "FAIL: test-vscode.sh (step: $STEP_NAME)" >&2; else echo "PASS: test-vscode.sh"; fi
	rm -rf "$WORK"
}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ghpat-vscode.XXXXXX")
trap report EXIT

# --- 1. system packages ------------------------------------------------------
step "apt packages"
need=()
for pkg in chromium libkrb5-dev build-essential python3 ripgrep; do
	dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
	SUDO=""
	if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
	echo "installing: ${need[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v node >/dev/null || { echo "node (20.x) is required" >&2; exit 1; }
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [[ $NODE_MAJOR != 20 ]]; then
	echo "warning: code-server $CS_VERSION supports Node 20 only; this is Node $NODE_MAJOR" >&2
fi
CHROMIUM=$(command -v chromium || true)
[[ -n $CHROMIUM ]] || { echo "chromium not found after install" >&2; exit 1; }
RG=$(command -v rg || true)
[[ -n $RG ]] || { echo "rg (ripgrep) not found after install" >&2; exit 1; }
GO=$(command -v go || echo /usr/local/go/bin/go)
[[ -x $GO ]] || { echo "go not found" >&2; exit 1; }
GOFMT="$(dirname "$GO")/gofmt"
# node-gyp builds against the running Node's own headers (Debian/NodeSource
# nodejs ship them in /usr/include/node): no header download, which fails offline.
NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
NODEDIR_FLAG=()
if [[ -f $NODE_PREFIX/include/node/node.h ]]; then NODEDIR_FLAG=("--nodedir=$NODE_PREFIX"); fi

# --- 2. the server binary -----------------------------------------------------
step "go build ghpat-ls"
mkdir -p "$WORK/bin"
(cd "$ROOT" && "$GO" build -o "$WORK/bin/ghpat-ls" ./cmd/ghpat-ls)
GHPAT_LS="$WORK/bin/ghpat-ls"

# --- 3. extension: deps, compile, unit + protocol tests, package --------------
step "npm ci (editors/vscode)"
(cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
step "compile"
(cd "$EXT" && npm run --silent compile)
step "unit tests"
(cd "$EXT" && node --test test/unit/)
step "protocol test (built server over stdio)"
(cd "$EXT" && GHPAT_LS="$GHPAT_LS" node --test test/protocol/)
step "platform .vsix (server bundled)"
GOARCH_HOST=$("$GO" env GOARCH)
case $GOARCH_HOST in amd64) VSCODE_TARGET=linux-x64 ;; arm64) VSCODE_TARGET=linux-arm64 ;; *) VSCODE_TARGET=unsupported ;; esac
if [[ -n ${GHPAT_VSIX:-} ]]; then
	VSIX=$GHPAT_VSIX
	echo "using $VSIX"
else
	VERSION=$(node -p "require('$EXT/package.json').version")
	bash "$ROOT/scripts/vsix.sh" prepare "$VERSION" --no-build
	DIST="$WORK/dist" bash "$ROOT/scripts/vsix.sh" target linux "$GOARCH_HOST" "$GHPAT_LS"
	VSIX="$WORK/dist/ghpat-ls-$VERSION-$VSCODE_TARGET.vsix"
fi
[[ -f $VSIX ]] || { echo "no .vsix at $VSIX" >&2; exit 1; }
step "go build the fake GitHub API (test/e2e/fakegithub)"
(cd "$ROOT" && "$GO" build -o "$WORK/bin/fakegithub" ./editors/vscode/test/e2e/fakegithub)

# --- 4. code-server (cached) ---------------------------------------------------
# The cache is valid for one Node ABI; the marker records it.
step "code-server $CS_VERSION (cache: $CS_DIR)"
ABI=$(node -p process.versions.modules)
MARKER="$CS_DIR/.ghpat-ready"
if [[ ! -f $MARKER || $(cat "$MARKER") != "node-abi-$ABI" ]]; then
	echo "installing code-server $CS_VERSION into the cache"
	mkdir -p "$CACHE_DIR"
	BUILD=$(mktemp -d "$CACHE_DIR/.code-server-build.XXXXXX")
	(
		set -euo pipefail
		cd "$BUILD"
		echo '{"private":true}' >package.json
		# --ignore-scripts: the postinstall downloads ripgrep from GitHub.
		npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CS_VERSION"
		CS="$BUILD/node_modules/code-server"
		NODE_GYP=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js
		# What code-server's postinstall.sh does, minus the downloads.
		(cd "$CS/lib/vscode" && npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts)
		(cd "$CS/lib/vscode/extensions" && npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts && node postinstall.mjs >/dev/null)
		for m in kerberos @vscode/spdlog native-watchdog node-pty; do
			echo "  node-gyp rebuild $m"
			(cd "$CS/lib/vscode/node_modules/$m" && node "$NODE_GYP" rebuild -j 2 "${NODEDIR_FLAG[@]}" >"$BUILD/gyp.log" 2>&1) || {
				tail -30 "$BUILD/gyp.log" >&2
				exit 1
			}
		done
		echo "  node-pre-gyp rebuild argon2 (from source)"
		(cd "$BUILD/node_modules/argon2" && ../.bin/node-pre-gyp rebuild --build-from-source "${NODEDIR_FLAG[@]}" >"$BUILD/gyp.log" 2>&1) || {
			tail -30 "$BUILD/gyp.log" >&2
			exit 1
		}
		ln -sfn node_modules "$CS/lib/vscode/node_modules.asar"
		(cd "$CS/lib/vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
		(cd "$CS/lib/vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
		mkdir -p "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin"
		ln -sfn "$RG" "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
		node -e 'require(process.argv[1]); require(process.argv[2]); require(process.argv[3])' \
			"$CS/lib/vscode/node_modules/kerberos" "$CS/lib/vscode/node_modules/node-pty" "$BUILD/node_modules/argon2"
		echo "node-abi-$ABI" >"$BUILD/.ghpat-ready"
	) || { rm -rf "$BUILD"; exit 1; }
	rm -rf "$CS_DIR"
	mv "$BUILD" "$CS_DIR"
else
	echo "cached"
fi
CODE_SERVER="$CS_DIR/node_modules/code-server"

# --- 5. end-to-end in code-server + chromium -----------------------------------
step "e2e: code-server + chromium"
SHOTS=(vscode-diagnostic.png vscode-hover.png vscode-quickfix.png vscode-live-hover.png)
mkdir -p "$ARTIFACTS"
for f in "${SHOTS[@]}" vscode-e2e-failure.png; do rm -f "$ARTIFACTS/$f"; done
ok=0
for attempt in $(seq 1 "$E2E_ATTEMPTS"); do
	if (cd "$EXT" && CODE_SERVER="$CODE_SERVER" VSIX="$VSIX" CHROMIUM="$CHROMIUM" FAKE_GITHUB="$WORK/bin/fakegithub" \
		GOFMT="$GOFMT" SCREENSHOT_DIR="$ARTIFACTS" node test/e2e/run.js); then
		ok=1
		break
	fi
	echo "e2e attempt $attempt failed" >&2
done
[[ $ok -eq 1 ]] || exit 1
for f in "${SHOTS[@]}"; do
	[[ -s $ARTIFACTS/$f ]] || { echo "no screenshot $f written" >&2; exit 1; }
done
if [[ ${GHPAT_UPDATE_IMAGES:-} == 1 ]]; then
	mkdir -p "$ROOT/docs/images"
	for f in "${SHOTS[@]}"; do cp "$ARTIFACTS/$f" "$ROOT/docs/images/$f"; done
	echo "copied ${SHOTS[*]} to docs/images/"
fi
