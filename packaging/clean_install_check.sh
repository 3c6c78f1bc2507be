#!/usr/bin/env bash
# Installs the .deb on a clean Debian 12 (a minbase debootstrap chroot) with apt, which must
# fetch every dependency from the Debian mirror by itself, then runs both programs there:
# --version, a CLI command, and the GUI offscreen with no Graphviz plugin configuration.
# Downloads about 150 MB; run by hand before a release (docs/reliability.md), not by ctest.
#   packaging/clean_install_check.sh PATH/TO/netfence_*.deb [CHROOT_DIR]
set -euo pipefail
deb=$(realpath "$1")
root=${2:-${TMPDIR:-/tmp}/netfence-clean-bookworm}
mirror=${NETFENCE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "clean_install_check.sh: run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }

rm -rf "$root"
echo "debootstrap bookworm into $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
    { tail -20 "$root.debootstrap.log"; exit 1; }
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

cp "$deb" "$root/tmp/"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/tmp/$(basename "$deb")" >"$root.install.log" 2>&1 || { tail -30 "$root.install.log"; exit 1; }
echo "installed: $(in_root dpkg-query -W -f='${Package} ${Version}, ${Installed-Size} kB' netfence)"
echo "packages on the machine: $(in_root dpkg-query -W | wc -l)"
in_root netfence-cli --version
in_root env QT_QPA_PLATFORM=offscreen netfence --version
in_root netfence-cli help validate >/dev/null
mkdir -p "$root/tmp/m"
printf 'kind: Pod\nmetadata: {name: a, labels: {app: a}}\n---\nkind: NetworkPolicy\nmetadata: {name: d}\nspec: {podSelector: {}}\n' >"$root/tmp/m/a.yaml"
in_root netfence-cli connectivity /tmp/m
mkdir -p "$root/tmp/empty"
in_root env QT_QPA_PLATFORM=offscreen GVBINDIR=/tmp/empty timeout 60 netfence --screenshot /tmp/shot.png
[ -s "$root/tmp/shot.png" ] || { echo "no screenshot" >&2; exit 1; }
cp "$root/tmp/shot.png" "$root.png"
echo "clean install: OK (screenshot of the built-in lab: $root.png)"
