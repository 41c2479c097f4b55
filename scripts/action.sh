#!/usr/bin/env bash
# action.sh: the logic of the GitHub Action (action.yml), kept in a script so
# CI runs exactly this against a real git repository (scripts/test-action.sh).
#
#   action.sh install   put ghpat-ls in $GHPAT_BIN_DIR: a release archive for
#                       this runner (SHA-256 checked against the release's
#                       checksums file) or `go build` of the action's source
#   action.sh scan      run the scan the inputs ask for; writes exit-code,
#                       sarif and command to $GITHUB_OUTPUT; exits 0 so that
#                       the SARIF upload step still runs
#   action.sh finish    exit with the scan's code (the job fails by --fail-on)
#
# Inputs arrive as environment variables (action.yml maps them):
#   GHPAT_INSTALL       auto | release | build      (auto: release when
#                       GHPAT_VERSION is a vX.Y.Z tag, else build)
#   GHPAT_VERSION       release tag, e.g. v0.1.0 (action.yml: the action's ref)
#   GHPAT_DOWNLOAD_URL  base URL of release downloads (default GitHub's)
#   GHPAT_MODE          auto | diff | full | history  (auto: diff on pull
#                       requests, full otherwise; history needs a ghpat-ls
#                       with `scan --history`)
#   GHPAT_BASE          revision to diff against (default: the merge base of
#                       HEAD and the pull request's base branch)
#   GHPAT_PATHS         paths for a full scan (default .), space-separated
#   GHPAT_FAIL_ON       error | warning | info | hint | none
#   GHPAT_SARIF         SARIF file to write ('' = none)
#   GHPAT_ARGS          extra scan flags, space-separated
# and the runner's own: GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_OUTPUT,
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_ACTION_PATH.
set -euo pipefail

ACTION_DIR=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BIN_DIR=${GHPAT_BIN_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ghpat-ls-bin}
OUTPUT=${GITHUB_OUTPUT:-/dev/null}

die() {
	echo "::error title=ghpat-ls::$*" >&2
	exit 2
}

exe_name() { [[ $(runner_os) == windows ]] && echo ghpat-ls.exe || echo ghpat-ls; }

# runner_os / runner_arch: goreleaser's names for this machine.
runner_os() {
	case "${RUNNER_OS:-$(uname -s)}" in
	Linux | linux) echo linux ;;
	macOS | Darwin) echo darwin ;;
	Windows | MINGW* | MSYS* | CYGWIN*) echo windows ;;
	*) die "unsupported runner OS ${RUNNER_OS:-$(uname -s)}" ;;
	esac
}
runner_arch() {
	case "${RUNNER_ARCH:-$(uname -m)}" in
	X64 | x86_64 | amd64) echo amd64 ;;
	ARM64 | aarch64 | arm64) echo arm64 ;;
	*) die "unsupported runner architecture ${RUNNER_ARCH:-$(uname -m)}; use install: build" ;;
	esac
}

sha256_of() {
	if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

install_release() {
	local tag=$1 version os arch ext archive base tmp want got
	version=${tag#v}
	os=$(runner_os)
	arch=$(runner_arch)
	ext=tar.gz
	[[ $os == windows ]] && ext=zip
	archive="ghpat-ls_${version}_${os}_${arch}.${ext}"
	base="${GHPAT_DOWNLOAD_URL:-https://github.com/ghpat-ls/ghpat-ls/releases/download}/$tag"
	tmp=$(mktemp -d)
	echo "ghpat-ls: downloading $archive from $base"
	curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$archive" || die "could not download $base/$archive"
	curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/ghpat-ls_${version}_checksums.txt" ||
		die "could not download the checksums file of $tag"
	want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/checksums.txt")
	[[ -n $want ]] || die "$archive is not listed in the checksums file of $tag"
	got=$(sha256_of "$tmp/$archive")
	[[ $got == "$want" ]] || die "checksum mismatch for $archive: got $got, the release lists $want"
	echo "ghpat-ls: sha256 $got verified"
	mkdir -p "$BIN_DIR"
	if [[ $ext == zip ]] && command -v unzip >/dev/null; then
		unzip -o -q "$tmp/$archive" "$(exe_name)" -d "$BIN_DIR"
	elif [[ $ext == zip ]]; then
		powershell -NoProfile -Command "Expand-Archive -Force -Path '$tmp/$archive' -DestinationPath '$BIN_DIR'"
	else
		tar -xzf "$tmp/$archive" -C "$BIN_DIR" "$(exe_name)"
	fi
	rm -rf "$tmp"
}

install_build() {
	command -v go >/dev/null || die "install: build needs Go on the runner (actions/setup-go)"
	echo "ghpat-ls: building from $ACTION_DIR with $(go env GOVERSION)"
	mkdir -p "$BIN_DIR"
	(cd "$ACTION_DIR" && CGO_ENABLED=0 go build -trimpath -o "$BIN_DIR/$(exe_name)" ./cmd/ghpat-ls)
}

cmd_install() {
	local how=${GHPAT_INSTALL:-auto} version=${GHPAT_VERSION:-}
	if [[ $how == auto ]]; then
		if [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then how=release; else how=build; fi
	fi
	case $how in
	release)
		[[ -n $version ]] || die "install: release needs a version (a vX.Y.Z tag)"
		install_release "$version"
		;;
	build) install_build ;;
	*) die "install must be auto, release or build, not \"$how\"" ;;
	esac
	"$BIN_DIR/$(exe_name)" version
	echo "bin=$BIN_DIR/$(exe_name)" >>"$OUTPUT"
	[[ -z ${GITHUB_PATH:-} ]] || echo "$BIN_DIR" >>"$GITHUB_PATH"
}

# merge_base prints the revision a pull request's diff starts from.
merge_base() {
	if [[ -n ${GHPAT_BASE:-} ]]; then
		git rev-parse --verify --quiet "${GHPAT_BASE}^{commit}" >/dev/null || die "base revision ${GHPAT_BASE} is not in this clone"
		echo "$GHPAT_BASE"
		return
	fi
	local ref=${GITHUB_BASE_REF:-}
	[[ -n $ref ]] || die "mode diff needs a base: set the base input, or run on a pull_request event"
	if ! git rev-parse --verify --quiet "refs/remotes/origin/$ref" >/dev/null; then
		git fetch --no-tags --quiet origin "+refs/heads/$ref:refs/remotes/origin/$ref" ||
			die "could not fetch the base branch $ref from origin"
	fi
	git merge-base "refs/remotes/origin/$ref" HEAD ||
		die "no merge base between origin/$ref and HEAD: check out with fetch-depth: 0"
}

cmd_scan() {
	local bin mode=${GHPAT_MODE:-auto} args=() rc=0
	bin=${GHPAT_BIN:-$BIN_DIR/$(exe_name)}
	[[ -x $bin ]] || bin=$(command -v ghpat-ls) || die "ghpat-ls is not installed (run action.sh install first)"
	if [[ $mode == auto ]]; then
		if [[ ${GITHUB_EVENT_NAME:-} == pull_request || ${GITHUB_EVENT_NAME:-} == pull_request_target ]]; then mode=diff; else mode=full; fi
	fi
	case $mode in
	diff) args=(--diff "$(merge_base)") ;;
	full) ;;
	history) args=(--history) ;;
	*) die "mode must be auto, diff, full or history, not \"$mode\"" ;;
	esac
	args+=(--fail-on "${GHPAT_FAIL_ON:-error}")
	# shellcheck disable=SC2206 # space-separated extra flags, as documented
	[[ -z ${GHPAT_ARGS:-} ]] || args+=(${GHPAT_ARGS})
	if [[ $mode == full && -n ${GHPAT_PATHS:-} ]]; then
		# shellcheck disable=SC2206
		args+=(${GHPAT_PATHS})
	fi
	echo "command=ghpat-ls scan ${args[*]}" >>"$OUTPUT"
	echo "ghpat-ls: $mode scan: ghpat-ls scan ${args[*]}"
	"$bin" scan --color never "${args[@]}" || rc=$?
	if [[ -n ${GHPAT_SARIF:-} ]]; then
		# A second pass writes the SARIF report; the text report above is the log.
		local src=0
		"$bin" scan --format sarif --output "$GHPAT_SARIF" "${args[@]}" >/dev/null 2>&1 || src=$?
		if [[ $src != "$rc" ]]; then
			echo "::warning title=ghpat-ls::the SARIF pass exited $src, the text pass $rc" >&2
			((src > rc)) && rc=$src
		fi
		[[ -s $GHPAT_SARIF ]] && echo "sarif=$GHPAT_SARIF" >>"$OUTPUT"
	fi
	echo "exit-code=$rc" >>"$OUTPUT"
	case $rc in
	0) echo "ghpat-ls: no finding at or above --fail-on ${GHPAT_FAIL_ON:-error}" ;;
	1) echo "::error title=ghpat-ls::findings at or above --fail-on ${GHPAT_FAIL_ON:-error} (see the report above)" >&2 ;;
	*) echo "::error title=ghpat-ls::the scan could not complete (exit $rc)" >&2 ;;
	esac
}

cmd_finish() {
	local rc=${GHPAT_EXIT_CODE:-}
	[[ $rc =~ ^[0-9]+$ ]] || die "no scan result (the scan step did not run?)"
	exit "$rc"
}

case "${1:-}" in
install) cmd_install ;;
scan) cmd_scan ;;
finish) cmd_finish ;;
*) die "usage: action.sh install|scan|finish" ;;
esac
