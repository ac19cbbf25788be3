#!/usr/bin/env bash
# Runs a command inside its own D-Bus session bus with gnome-keyring's Secret
# Service started and unlocked, as the keyring tests and the desktop tests
# need. The keyring lives in a temporary folder that is removed afterwards, so
# the person's own keyrings are never opened.
#
#   scripts/with-session.sh CMD [ARGS...]
set -euo pipefail

if [[ "${1:-}" != "--inside-session" ]]; then
  exec dbus-run-session -- "${BASH_SOURCE[0]}" --inside-session "$@"
fi
shift

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/kaartbeheer-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT

# The password only guards this throwaway keyring.
keyring_env=$(printf '%s' kaartbeheer-test |
  XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets)
while IFS= read -r line; do
  [[ "$line" == *=* ]] && export "${line?}"
done <<<"$keyring_env"

# Not exec: the trap must still remove the keyring folder.
status=0
"$@" || status=$?
exit "$status"
