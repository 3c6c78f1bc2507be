#!/usr/bin/env bash
# Builds netfence and opens it on the built-in lab. Without a display it runs the app under
# Xvfb and saves a picture of the window instead.
source "$(dirname "$0")/common.sh"
netfence_build
APP="$NETFENCE_BUILD/bin/netfence"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$APP" "$@"
fi
SHOT="$NETFENCE_BUILD/netfence-lab.png"
echo "netfence: no display; running under Xvfb and saving the window to $SHOT"
xvfb-run -a -s "-screen 0 1600x1000x24" "$APP" --screenshot "$SHOT" "$@"
echo "netfence: saved $SHOT"
