#!/usr/bin/env bash
# Runs the Windows build of the core's tests under Debian's Wine: kaart-api
# and kaart-core (unit and integration tests; the integration tests start the
# Windows kaart-server.exe, also under Wine, over loopback), cross-compiled
# for x86_64-pc-windows-gnu in the release profile (it shares its compiled
# dependencies with scripts/build-windows.sh). Arguments go to `cargo test`
# (e.g. `-- --skip readback`). See docs/platforms.md for what passes and
# what stands in the way. Not part of scripts/test.sh (see docs/platforms.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$PWD/scripts/wine-runner.sh
exec cargo test --release --target x86_64-pc-windows-gnu -p kaart-api -p kaart-core "$@"
