# Shared set-up for scripts/run.sh and scripts/test.sh: packages, configure, build.
# Sourced, not run.
set -euo pipefail

NETFENCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NETFENCE_BUILD="${NETFENCE_BUILD:-$NETFENCE_ROOT/build}"
NETFENCE_PACKAGES=(qt6-base-dev qt6-svg-dev libyaml-cpp-dev libgraphviz-dev graphviz libgtest-dev
                   libgmock-dev libbenchmark-dev cmake ninja-build g++ pkg-config xvfb
                   clang libclang-rt-14-dev                                 # the fuzz harness
                   dpkg-dev file librsvg2-bin lintian desktop-file-utils appstream # the .deb
                   shared-mime-info libglib2.0-bin x11-utils) # its Open With and window checks
# The schema check runs Node.js; a machine may already have Node.js from elsewhere.
command -v npm >/dev/null || NETFENCE_PACKAGES+=(nodejs npm)

netfence_install_packages() {
    local missing=()
    for p in "${NETFENCE_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "netfence: installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "netfence: missing packages; run this once, then try again:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

netfence_build() {
    netfence_install_packages
    # The preset "default" (CMakePresets.json); NETFENCE_BUILD moves its folder.
    cmake -S "$NETFENCE_ROOT" --preset default -B "$NETFENCE_BUILD" "$@" >/dev/null
    cmake --build "$NETFENCE_BUILD" -j2
}
