#!/usr/bin/env bash
# verify-release.sh: checks what `goreleaser release` left in dist/ before it
# is published (CI runs it on the snapshot; docs/release.md on a real tag):
#   - one archive per platform holding ghpat-ls[.exe], README.md and LICENSE,
#   - the stamped version and commit (ghpat-ls version of the linux/amd64
#     binary against goreleaser's metadata.json),
#   - .deb and .rpm packages installing /usr/bin/ghpat-ls,
#   - one .vsix per VS Code platform with that platform's executable server
#     (the linux-x64 one byte-identical to the linux/amd64 archive's) and a
#     universal .vsix without one,
#   - the checksums file lists every artifact above and matches it,
#   - the Homebrew formula and Scoop manifest name the archives' checksums.
#
#   bash scripts/verify-release.sh [DIST]      (default: dist)
set -euo pipefail
DIST=$(cd "${1:-dist}" && pwd)
fails=0
ok() { echo "ok   $*"; }
bad() {
	echo "FAIL $*" >&2
	fails=$((fails + 1))
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meta() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$DIST/metadata.json" | head -1; }
version=$(meta version)
commit=$(meta commit)
[[ -n $version && -n $commit ]] || { echo "no version/commit in $DIST/metadata.json" >&2; exit 1; }
echo "release $version (commit ${commit:0:12}) in $DIST"

sums="$DIST/ghpat-ls_${version}_checksums.txt"
[[ -s $sums ]] || bad "no checksums file $sums"

# --- archives -----------------------------------------------------------------
for target in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64; do
	exe=ghpat-ls
	ext=tar.gz
	[[ $target == windows_* ]] && exe=ghpat-ls.exe ext=zip
	a="$DIST/ghpat-ls_${version}_${target}.${ext}"
	if [[ ! -f $a ]]; then
		bad "missing archive ${a##*/}"
		continue
	fi
	if [[ $ext == zip ]]; then list=$(zipinfo -1 "$a" | sort | tr '\n' ' '); else list=$(tar -tzf "$a" | sort | tr '\n' ' '); fi
	want=$(printf '%s\n' LICENSE README.md "$exe" | sort | tr '\n' ' ')
	[[ $list == "$want" ]] && ok "${a##*/}: $list" || bad "${a##*/} holds [$list], want [$want]"
done

# --- stamped version ------------------------------------------------------------
tar -xzf "$DIST/ghpat-ls_${version}_linux_amd64.tar.gz" -C "$tmp" ghpat-ls
if [[ $(uname -s)/$(uname -m) == Linux/x86_64 ]]; then
	line=$("$tmp/ghpat-ls" version)
	[[ $line == "ghpat-ls $version (commit ${commit:0:7}"* ]] && ok "ghpat-ls version: $line" || bad "ghpat-ls version printed \"$line\", want $version and commit ${commit:0:7}"
else
	echo "skip running the linux/amd64 binary on $(uname -s)/$(uname -m)"
fi

# --- Linux packages ------------------------------------------------------------
for arch in amd64 arm64; do
	deb=$(ls "$DIST"/ghpat-ls_*_"$arch".deb 2>/dev/null | head -1)
	if [[ -z $deb ]]; then
		bad "no .deb for $arch"
	elif command -v dpkg-deb >/dev/null; then
		listing=$(dpkg-deb -c "$deb")
		grep -q ' \./usr/bin/ghpat-ls$' <<<"$listing" && ok "${deb##*/} installs /usr/bin/ghpat-ls" || bad "${deb##*/} has no /usr/bin/ghpat-ls"
	else
		ok "${deb##*/} exists (no dpkg-deb to list it)"
	fi
done
rpm_arch=(x86_64 aarch64)
for arch in "${rpm_arch[@]}"; do
	ls "$DIST"/ghpat-ls-*."$arch".rpm >/dev/null 2>&1 && ok "rpm for $arch" || bad "no .rpm for $arch"
done

# --- VS Code extensions -----------------------------------------------------------
for t in linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64; do
	v="$DIST/ghpat-ls-$version-$t.vsix"
	exe=extension/server/ghpat-ls
	[[ $t == win32-* ]] && exe=extension/server/ghpat-ls.exe
	if [[ ! -f $v ]]; then
		bad "missing ${v##*/}"
		continue
	fi
	mode=$(zipinfo "$v" "$exe" 2>/dev/null | awk '{print $1}' || true)
	platform=$(unzip -p "$v" extension.vsixmanifest | sed -n 's/.*TargetPlatform="\([^"]*\)".*/\1/p')
	if [[ $mode == -rwx* && $platform == "$t" ]]; then ok "${v##*/}: $exe ($mode), TargetPlatform $platform"; else bad "${v##*/}: $exe mode [$mode], TargetPlatform [$platform]"; fi
done
unzip -p "$DIST/ghpat-ls-$version-linux-x64.vsix" extension/server/ghpat-ls >"$tmp/vsix-server"
cmp -s "$tmp/vsix-server" "$tmp/ghpat-ls" && ok "linux-x64 .vsix bundles the linux/amd64 release binary" || bad "linux-x64 .vsix server differs from the archive's binary"
u="$DIST/ghpat-ls-$version.vsix"
if [[ -f $u ]]; then
	names=$(zipinfo -1 "$u")
	manifest=$(unzip -p "$u" extension.vsixmanifest)
	if grep -q '^extension/server/' <<<"$names" || grep -q TargetPlatform <<<"$manifest"; then
		bad "${u##*/} (universal) bundles a server or names a platform"
	else
		ok "${u##*/}: universal, no bundled server (uses PATH)"
	fi
else
	bad "missing universal ${u##*/}"
fi

# The extension is one esbuild bundle: every .vsix holds the manifest, README,
# LICENSE, out/extension.js and (platform ones) the server, and nothing else.
for v in "$DIST"/ghpat-ls-"$version"*.vsix; do
	[[ -f $v ]] || continue
	extra=$(zipinfo -1 "$v" | grep -Ev '^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension/(package\.json|readme\.md|LICENSE\.txt|out/extension\.js|server/ghpat-ls(\.exe)?))$' || true)
	if [[ -z $extra ]] && zipinfo -1 "$v" | grep -qx 'extension/out/extension.js'; then
		ok "${v##*/}: the bundle only ($(zipinfo -1 "$v" | wc -l) files)"
	else
		bad "${v##*/}: not just the bundle: $(head -5 <<<"$extra" | tr '\n' ' ')"
	fi
done

# --- checksums ----------------------------------------------------------------------
if [[ -s $sums ]]; then
	(cd "$DIST" && sha256sum --quiet -c "${sums##*/}") && ok "checksums file matches every listed file" || bad "checksum mismatch"
	for f in "$DIST"/*.tar.gz "$DIST"/*.zip "$DIST"/*.deb "$DIST"/*.rpm "$DIST"/*.vsix; do
		grep -q "  ${f##*/}\$" "$sums" || bad "${f##*/} is not in the checksums file"
	done
	ok "checksums file lists $(wc -l <"$sums") artifacts"
fi

# --- Homebrew and Scoop ----------------------------------------------------------------
formula="$DIST/homebrew/Formula/ghpat-ls.rb"
scoop="$DIST/scoop/ghpat-ls.json"
for target in darwin_arm64 linux_amd64; do
	sum=$(awk -v f="ghpat-ls_${version}_${target}.tar.gz" '$2 == f {print $1}' "$sums")
	grep -q "sha256 \"$sum\"" "$formula" 2>/dev/null && ok "formula: $target checksum" || bad "formula lacks the $target checksum"
done
sum=$(awk -v f="ghpat-ls_${version}_windows_amd64.zip" '$2 == f {print $1}' "$sums")
grep -q "\"hash\": \"$sum\"" "$scoop" 2>/dev/null && ok "scoop manifest: windows_amd64 checksum" || bad "scoop manifest lacks the windows_amd64 checksum"

if ((fails)); then
	echo "verify-release.sh: $fails problem(s)" >&2
	exit 1
fi
echo "PASS: verify-release.sh"
