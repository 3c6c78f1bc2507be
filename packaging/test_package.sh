#!/usr/bin/env bash
# ctest's package_deb: builds the .deb with CPack, checks its control data and file list,
# installs it into a scratch root with dpkg -x and runs both programs from there (the layout
# plugin must load from its RUNPATH, even with GVBINDIR pointing at an empty folder), then
# runs lintian, desktop-file-validate and appstreamcli on it.
#   test_package.sh BUILD_DIR VERSION DEB_VERSION
set -euo pipefail
build=$1 version=$2 debversion=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli readelf; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/common.sh installs it)"
done

cd "$build"
rm -f packages/netfence_*.deb
cpack -G DEB --config CPackConfig.cmake >cpack.log 2>&1 || { cat cpack.log; fail "cpack"; }
deb=$(ls packages/netfence_"$debversion"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat cpack.log; fail "no packages/netfence_${debversion}_*.deb"; }
echo "built $deb ($(stat -c %s "$deb") bytes)"

# Control data: version and the libraries the binaries link.
control=$(dpkg-deb -f "$deb")
echo "$control" | sed -n '/^Version\|^Depends\|^Section/p'
[ "$(dpkg-deb -f "$deb" Version)" = "$debversion" ] || fail "Version is not $debversion"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libqt6widgets6 libqt6svg6 libyaml-cpp0.7 libgvc6 libcgraph6; do
    [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done

# Files.
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/netfence ./usr/bin/netfence-cli \
         ./usr/share/applications/io.github.netfence.netfence.desktop \
         ./usr/share/metainfo/io.github.netfence.netfence.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/netfence.svg \
         ./usr/share/icons/hicolor/48x48/apps/netfence.png \
         ./usr/share/icons/hicolor/256x256/apps/netfence.png \
         ./usr/share/man/man1/netfence.1.gz ./usr/share/man/man1/netfence-cli.1.gz \
         ./usr/share/doc/netfence/copyright ./usr/share/doc/netfence/changelog.Debian.gz \
         ./usr/share/lintian/overrides/netfence; do
    grep -qx -- "$f" <<<"$contents" || fail "the package lacks $f"
done

# Installed into a scratch root and run from there.
root=$(mktemp -d "${TMPDIR:-/tmp}/netfence-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root/fs"
cli="$root/fs/usr/bin/netfence-cli" gui="$root/fs/usr/bin/netfence"
[ "$("$cli" --version)" = "netfence-cli $version" ] || fail "netfence-cli --version: $("$cli" --version)"
export QT_QPA_PLATFORM=offscreen
[ "$("$gui" --version)" = "netfence $version" ] || fail "netfence --version: $("$gui" --version 2>&1)"
echo "netfence-cli --version and netfence --version from the scratch root: $version"
"$cli" validate "$(dirname "$0")/../resources/labs/netpol-lab" >/dev/null || fail "netfence-cli validate"

# The layout plugin: NEEDED by netfence, found through RUNPATH, not through Graphviz's config.
dynamic=$(readelf -d "$gui")
grep -q 'NEEDED.*libgvplugin_neato_layout.so' <<<"$dynamic" || fail "netfence does not link the layout plugin"
runpath=$(sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p' <<<"$dynamic")
[ -e "$runpath/libgvplugin_neato_layout.so.6" ] || fail "RUNPATH '$runpath' has no layout plugin"
! ldd "$gui" | grep -q 'not found' || { ldd "$gui"; fail "unresolved libraries"; }
! readelf -d "$cli" | grep -q 'RPATH\|RUNPATH' || fail "netfence-cli keeps a search path it does not need"
mkdir "$root/no-graphviz-config"
GVBINDIR="$root/no-graphviz-config" timeout 60 "$gui" --screenshot "$root/shot.png" >"$root/gui.log" 2>&1 ||
    { cat "$root/gui.log"; fail "netfence --screenshot"; }
! grep -qi 'not recognized\|graphviz' "$root/gui.log" || { cat "$root/gui.log"; fail "layout complained"; }
[ -s "$root/shot.png" ] || fail "no screenshot"
echo "netfence ran from the scratch root without Graphviz's plugin configuration"

# The package and its desktop files, as Debian checks them.
desktop-file-validate "$root/fs/usr/share/applications/io.github.netfence.netfence.desktop" ||
    fail "desktop-file-validate"
appstreamcli validate --no-net --strict "$root/fs/usr/share/metainfo/io.github.netfence.netfence.metainfo.xml" ||
    fail "appstreamcli validate"
echo "desktop-file-validate and appstreamcli validate: clean"
lintian --fail-on error,warning --display-level '>=info' --show-overrides "$deb" 2>&1 |
    grep -v 'running with root privileges' | tee "$root/lintian.log" || true
lintian --fail-on error,warning "$deb" >/dev/null 2>&1 || fail "lintian"
echo "lintian: no errors or warnings"
