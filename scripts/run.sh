#!/usr/bin/env bash
# Runs Kaartbeheer. By default in demo mode: the app starts its own central
# service on 127.0.0.1 with demo data, no account needed. Set
# KAARTBEHEER_SERVICE_URL to use a running central service instead.
#
# Installs what is missing first (scripts/setup.sh), builds the UI, then
# builds and starts the app (dev profile). Arguments go to the app.
#
# The app is built exactly as scripts/test.sh builds it (`cargo test
# --workspace --no-run`, which also makes target/debug/kaartbeheer), so
# running the app right after the tests compiles nothing again: `cargo run
# -p kaartbeheer` would resolve other dependency features (the tests'
# dev-dependencies) and rebuild much of the app.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
(cd ui && npm run --silent build)
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run: no display; start it from a desktop session (or under xvfb-run)" >&2
  exit 1
fi
cargo test --workspace --no-run --quiet
exec "${CARGO_TARGET_DIR:-target}/debug/kaartbeheer" "$@"
