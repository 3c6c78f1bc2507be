#!/usr/bin/env bash
# ctest's package_deb: builds the .deb with CPack, checks its control data and file list,
# installs it into a scratch root with dpkg -x and runs both programs from there (--version
# and --help with no display; the built-in labs by name; the layout plugin loading from its
# RUNPATH, even with GVBINDIR pointing at an empty folder; under Xvfb the window's icon,
# WM_CLASS and SIGTERM), asks GIO which applications open YAML and JSON files with the
# scratch root's desktop entry, then runs lintian, desktop-file-validate and appstreamcli.
#   test_package.sh BUILD_DIR VERSION DEB_VERSION
set -euo pipefail
build=$1 version=$2 debversion=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli readelf \
            update-desktop-database gio xvfb-run xprop xwininfo; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/common.sh installs it)"
done

cd "$build"
rm -f packages/netfence_*.deb
cpack -G DEB --config CPackConfig.cmake >cpack.log 2>&1 || { cat cpack.log; fail "cpack"; }
deb=$(ls packages/netfence_"$debversion"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat cpack.log; fail "no packages/netfence_${debversion}_*.deb"; }
echo "built $deb ($(stat -c %s "$deb") bytes)"

# Control data: version, the libraries the binaries link, and what a user reads in apt.
control=$(dpkg-deb -f "$deb")
echo "$control" | sed -n '/^Version\|^Depends\|^Section\|^Suggests\|^Homepage\|^Maintainer/p'
[ "$(dpkg-deb -f "$deb" Version)" = "$debversion" ] || fail "Version is not $debversion"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libqt6widgets6 libqt6svg6 libyaml-cpp0.7 libgvc6 libcgraph6; do
    [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Section)" = utils ] || fail "Section is not utils"
[ "$(dpkg-deb -f "$deb" Homepage)" = https://github.com/netfence/netfence ] || fail "Homepage"
[ "$(dpkg-deb -f "$deb" Suggests)" = "graphviz, kubectl | kubernetes-client" ] ||
    fail "Suggests: $(dpkg-deb -f "$deb" Suggests)"
maintainer=$(dpkg-deb -f "$deb" Maintainer)
[[ "$maintainer" =~ ^[^\<]+\ \<[^@\>]+@[a-z0-9.-]+\.[a-z]+\>$ && "$maintainer" != *.example\> ]] ||
    fail "Maintainer has no address to write to: $maintainer"
# The synopsis, then the long text: no second summary line before it.
description=$(dpkg-deb -f "$deb" Description)
[ "$(sed -n 1p <<<"$description")" = "editor and visualizer for Kubernetes NetworkPolicies" ] ||
    fail "synopsis: $(sed -n 1p <<<"$description")"
[[ "$(sed -n 2p <<<"$description")" == " netfence loads a cluster's manifests"* ]] ||
    fail "the long description starts with: $(sed -n 2p <<<"$description")"

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
         ./usr/share/lintian/overrides/netfence \
         ./usr/share/netfence/labs/netpol-lab.lab.yaml ./usr/share/netfence/labs/netpol-lab/cluster.yaml \
         ./usr/share/netfence/labs/and-or-peers.lab.yaml ./usr/share/netfence/labs/and-or-peers/cluster.yaml \
         ./usr/share/doc/netfence/README.md ./usr/share/doc/netfence/docs/labs.md \
         ./usr/share/doc/netfence/docs/semantics.md; do
    grep -qx -- "$f" <<<"$contents" || fail "the package lacks $f"
done

# Installed into a scratch root and run from there.
root=$(mktemp -d "${TMPDIR:-/tmp}/netfence-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root/fs"
cli="$root/fs/usr/bin/netfence-cli" gui="$root/fs/usr/bin/netfence"
[ "$("$cli" --version)" = "netfence-cli $version" ] || fail "netfence-cli --version: $("$cli" --version)"
# --version and --help answer on a console: no display, no platform chosen.
nodisplay=(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM)
out=$("${nodisplay[@]}" "$gui" --version 2>&1) || fail "netfence --version without a display: $out"
[ "$out" = "netfence $version" ] || fail "netfence --version: $out"
out=$("${nodisplay[@]}" "$gui" --help 2>&1) || fail "netfence --help without a display: $out"
[[ "$out" == *"--screenshot <FILE>"* ]] || fail "netfence --help: $out"
echo "netfence-cli --version, netfence --version and --help (no display) from the scratch root: $version"
"$cli" validate "$(dirname "$0")/../resources/labs/netpol-lab" >/dev/null || fail "netfence-cli validate"

# The installed labs, by name, found beside bin/ (here inside the scratch root).
labs="$root/fs/usr/share/netfence/labs"
steps=$(env -u NETFENCE_LABS_DIR "$cli" lab steps builtin:netpol-lab) || fail "lab steps builtin:netpol-lab"
[[ "$steps" == *"7. least-privilege:"* ]] || fail "lab steps builtin:netpol-lab: $steps"
env -u NETFENCE_LABS_DIR "$cli" lab check builtin:netpol-lab 2 "$labs/netpol-lab-policies/default-deny.yaml" \
    >/dev/null || fail "lab check builtin:netpol-lab 2 with its solution"
for name in and-or-peers netpol-lab platform-guardrails; do
    env -u NETFENCE_LABS_DIR "$cli" lab verify "builtin:$name" >/dev/null || fail "lab verify builtin:$name"
done
out=$(env -u NETFENCE_LABS_DIR "$cli" lab steps builtin:nope 2>&1) && fail "builtin:nope was found"
[ "$out" = "netfence-cli: no built-in lab \"nope\" in $labs; the built-in labs are: builtin:and-or-peers builtin:netpol-lab builtin:platform-guardrails" ] ||
    fail "builtin:nope: $out"
help=$("$cli" help lab)
for path in /usr/share/netfence/labs /usr/share/doc/netfence/docs/labs.md; do
    [[ "$help" == *"$path"* ]] || fail "help lab does not name $path"
    [ -e "$root/fs$path" ] || fail "help lab names $path, which the package lacks"
done
echo "netfence-cli reaches the installed labs as builtin:NAME; help lab names the installed docs"

# The manual pages name the installed paths and the sections a user looks for.
gui_page=$(zcat "$root/fs/usr/share/man/man1/netfence.1.gz" | sed 's/\\-/-/g')
cli_page=$(zcat "$root/fs/usr/share/man/man1/netfence-cli.1.gz" | sed 's/\\-/-/g')
for word in ".SH EXIT STATUS" ".SH ENVIRONMENT" ".SH FILES" ".SH KEYS" /usr/share/netfence/labs \
            /usr/share/doc/netfence "~/.config/netfence/netfence.conf" autosave/ .netfence-layout.json \
            NETFENCE_STATE_DIR SIGTERM Ctrl+Z; do
    [[ "$gui_page" == *"$word"* ]] || fail "netfence(1) lacks $word"
    [[ "$word" != /usr/* || -e "$root/fs$word" ]] || fail "netfence(1) names $word, which the package lacks"
done
for word in ".SH ENVIRONMENT" ".SH FILES" NETFENCE_LABS_DIR "lab steps builtin:netpol-lab" /usr/share/netfence/labs \
            /usr/share/doc/netfence/docs/labs.md; do
    [[ "$cli_page" == *"$word"* ]] || fail "netfence-cli(1) lacks $word"
done
echo "the manual pages name the installed labs, docs, configuration and autosave files"
export QT_QPA_PLATFORM=offscreen

# The layout plugin: NEEDED by netfence, found through RUNPATH, not through Graphviz's config.
dynamic=$(readelf -d "$gui")
grep -q 'NEEDED.*libgvplugin_neato_layout.so' <<<"$dynamic" || fail "netfence does not link the layout plugin"
runpath=$(sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p' <<<"$dynamic")
[ -e "$runpath/libgvplugin_neato_layout.so.6" ] || fail "RUNPATH '$runpath' has no layout plugin"
! ldd "$gui" | grep -q 'not found' || { ldd "$gui"; fail "unresolved libraries"; }
# netfence-cli lays out `graph` with the same plugins, without Graphviz's config either.
! ldd "$cli" | grep -q 'not found' || { ldd "$cli"; fail "netfence-cli: unresolved libraries"; }
GVBINDIR="$root/no-graphviz-config-cli" "$cli" graph "$root/fs/usr/share/netfence/labs/netpol-lab" --format json \
    >"$root/graph.json" 2>"$root/graph.log" || { cat "$root/graph.log"; fail "netfence-cli graph"; }
grep -q '"edges"' "$root/graph.json" || fail "netfence-cli graph wrote no edges"
mkdir "$root/no-graphviz-config"
GVBINDIR="$root/no-graphviz-config" timeout 60 "$gui" --screenshot "$root/shot.png" >"$root/gui.log" 2>&1 ||
    { cat "$root/gui.log"; fail "netfence --screenshot"; }
! grep -qi 'not recognized\|graphviz' "$root/gui.log" || { cat "$root/gui.log"; fail "layout complained"; }
[ -s "$root/shot.png" ] || fail "no screenshot"
echo "netfence ran from the scratch root without Graphviz's plugin configuration"

# "Open With": GIO reads the scratch root's desktop entry as a desktop would read
# /usr/share/applications, and types files by the system's shared-mime-info.
desktop="$root/fs/usr/share/applications/io.github.netfence.netfence.desktop"
update-desktop-database "$root/fs/usr/share/applications" || fail "update-desktop-database"
mkdir -p "$root/home/data" "$root/home/config" "$root/files"
# GIO hides an entry whose Exec program is not on PATH.
xdg=(env PATH="$root/fs/usr/bin:$PATH" XDG_DATA_DIRS="$root/fs/usr/share:/usr/share" XDG_DATA_HOME="$root/home/data"
     XDG_CONFIG_HOME="$root/home/config" XDG_CONFIG_DIRS="$root/home/config" GIO_USE_VFS=local)
mimetypes=$(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' ')
for type in application/x-yaml application/yaml text/x-yaml application/json; do
    [[ " $mimetypes " == *" $type "* ]] || fail "the desktop entry lacks MimeType $type"
done
metainfo="$root/fs/usr/share/metainfo/io.github.netfence.netfence.metainfo.xml"
provided=$(sed -n 's/.*<mediatype>\(.*\)<\/mediatype>.*/\1/p' "$metainfo" | sort | xargs)
[ "$provided" = "$(tr ' ' '\n' <<<"$mimetypes" | sed '/^$/d' | sort | xargs)" ] ||
    fail "AppStream provides '$provided', the desktop entry '$mimetypes'"
registered() { # TYPE: netfence among the applications GIO offers for it
    local apps
    apps=$("${xdg[@]}" gio mime "$1") && grep -q 'io\.github\.netfence\.netfence\.desktop' <<<"$apps"
}
for type in $mimetypes; do
    registered "$type" || fail "gio mime $type does not list netfence: $("${xdg[@]}" gio mime "$type")"
done
for name in cluster.yaml policies.yml pods.json; do
    printf 'kind: List\n' >"$root/files/$name"
    type=$("${xdg[@]}" gio info -a standard::content-type "$root/files/$name" | sed -n 's/.*standard::content-type: //p')
    registered "$type" || fail "$name is $type, which netfence is not offered for"
    echo "Open With for $name ($type): netfence"
done

# The window under Xvfb: its icon, the WM_CLASS the launcher's StartupWMClass names, and
# SIGTERM ending it like a close (exit 143, nothing left in the autosave folder).
wmclass=$(sed -n 's/^StartupWMClass=//p' "$desktop")
[ -n "$wmclass" ] || fail "the desktop entry has no StartupWMClass"
cat >"$root/window.sh" <<'SCRIPT'
"$1" "$2" >"$3/window.log" 2>&1 &
pid=$!
for i in $(seq 100); do
    id=$(xwininfo -root -tree | awk '/— netfence"/ {print $1; exit}')
    [ -n "$id" ] && break
    sleep 0.3
done
[ -n "$id" ] || { echo "no window"; kill -9 $pid; exit 1; }
xprop -id "$id" WM_CLASS _NET_WM_ICON | grep -v '^[[:space:]]' | sed 's/\(_NET_WM_ICON(CARDINAL)\).*/\1 set/'
sleep 1
kill -TERM $pid
wait $pid
echo "exit $?"
SCRIPT
unset QT_QPA_PLATFORM
window=$(NETFENCE_STATE_DIR="$root/state" XDG_CONFIG_HOME="$root/home/config" \
         xvfb-run -a -s '-screen 0 1280x800x24' sh "$root/window.sh" "$gui" "$labs/netpol-lab" "$root") ||
    { cat "$root/window.log"; fail "netfence under Xvfb: $window"; }
export QT_QPA_PLATFORM=offscreen
echo "$window"
grep -qx "WM_CLASS(STRING) = \"netfence\", \"$wmclass\"" <<<"$window" ||
    fail "WM_CLASS does not match StartupWMClass=$wmclass"
grep -qx '_NET_WM_ICON(CARDINAL) set' <<<"$window" || fail "the window has no icon"
grep -qx 'exit 143' <<<"$window" || fail "SIGTERM did not end netfence normally"
[ -z "$(ls -A "$root/state/autosave")" ] || fail "SIGTERM left $(ls "$root/state/autosave")"
echo "the window has its icon and WM_CLASS $wmclass; SIGTERM left no autosave files"

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
