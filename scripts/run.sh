#!/usr/bin/env bash
# Builds netfence and runs it on the built-in lab.
source "$(dirname "$0")/common.sh"
netfence_build
LAB="$NETFENCE_ROOT/resources/labs/netpol-lab"
echo "== netfence-cli validate $LAB"
"$NETFENCE_BUILD/bin/netfence-cli" validate "$LAB"
echo "== netfence-cli connectivity $LAB"
exec "$NETFENCE_BUILD/bin/netfence-cli" connectivity "$LAB" "$@"
