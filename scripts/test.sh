#!/usr/bin/env bash
# Runs every check and every test of Kaartbeheer, in order:
#   setup, UI builds, cargo fmt, cargo clippy (Linux and the Windows target),
#   svelte-check, one dev-profile
#   build of the workspace (test binaries and app binary), then the layers:
#   1 Rust tests (cargo nextest, in a D-Bus session with gnome-keyring)
#   2 UI component tests (vitest, IPC mocked)
#   3 screen tests (Playwright on Debian's Chromium, IPC mocked)
#   4 desktop end-to-end (the real app under Xvfb via tauri-driver)
# and last the Debian package (one release build; scripts/package-deb.sh).
# It goes on after a failure where it can, prints how many tests each layer
# ran, and ends with `total: N passed, M failed` (a failed check or a layer
# that could not run counts as one failure). Exit status 0 only when all passed.
# Logs and screenshots: tests/artifacts/. Needs no TTY, stdin or display.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
exec </dev/null

ARTIFACTS=$REPO/tests/artifacts
RESULTS=$ARTIFACTS/results
LOGS=$ARTIFACTS/logs
rm -rf "$ARTIFACTS"
mkdir -p "$RESULTS" "$LOGS"

export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
START=$SECONDS

# name|passed|failed|seconds|note — one row per check or layer.
ROWS=()
record() { ROWS+=("$1|$2|$3|$4|${5:-}"); }

banner() { printf '\n==== %s ====\n' "$*"; }

# check NAME CMD... : runs CMD, logs it, records it as one passed/failed check.
check() {
  local name=$1 t0=$SECONDS
  shift
  banner "$name"
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then
    record "$name" check 0 $((SECONDS - t0)) ok
    return 0
  fi
  record "$name" check 1 $((SECONDS - t0)) FAILED
  return 1
}

# Numbers from a test report, or "" when the report is missing.
count_nextest() { # log -> "passed failed"
  grep -E '[0-9]+ tests? run:' "$1" | tail -1 | awk '{
    for (i = 2; i <= NF; i++) {
      n = $(i - 1) + 0; w = $i; gsub(/[,;]/, "", w)
      if (w == "passed") p += n
      if (w == "failed" || (w == "timed" && $(i + 1) ~ /^out/)) f += n
    }
    printf "%d %d\n", p, f
  }'
}
count_vitest() { # json -> "passed failed"
  [[ -f $1 ]] || return 0
  node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests)' "$1"
}
count_tap() { # tap -> "passed failed"
  [[ -f $1 ]] || return 0
  local p f
  p=$(grep -E '^# pass ' "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail ' "$1" | tail -1 | awk '{print $3}')
  [[ -n $p ]] && echo "$p ${f:-0}"
}

# layer NAME COUNTER REPORT CMD... : runs a test layer and records its counts.
layer() {
  local name=$1 counter=$2 report=$3 t0=$SECONDS status=0 counts
  shift 3
  banner "$name"
  "$@" 2>&1 | tee "$LOGS/$name.log" || status=$?
  [[ $report == - ]] && report=$LOGS/$name.log
  counts=$($counter "$report")
  if [[ -z $counts ]]; then
    record "$name" 0 1 $((SECONDS - t0)) "did not report (exit $status)"
    return
  fi
  read -r p f <<<"$counts"
  if ((status != 0 && f == 0)); then
    record "$name" "$p" 1 $((SECONDS - t0)) "exit $status"
  else
    record "$name" "$p" "$f" $((SECONDS - t0))
  fi
}

skip_layer() { record "$1" 0 1 0 "not run: $2"; }

summary() {
  local total_p=0 total_f=0 row name p f s note
  banner "summary"
  printf '%-34s %8s %8s %7s  %s\n' step passed failed secs note
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name p f s note <<<"$row"
    if [[ $p == check ]]; then
      printf '%-34s %8s %8s %7s  %s\n' "$name" - "$((f))" "$s" "$note"
      total_f=$((total_f + f))
    else
      printf '%-34s %8s %8s %7s  %s\n' "$name" "$p" "$f" "$s" "$note"
      total_p=$((total_p + p))
      total_f=$((total_f + f))
    fi
  done
  printf 'wall time: %ss; logs and screenshots in tests/artifacts/\n' $((SECONDS - START))
  # A full disk fails a build in confusing ways: say what the build took.
  printf 'disk: target/ holds %s; %s free\n' "$(du -sh target 2>/dev/null | cut -f1)" \
    "$(df -h --output=avail . | tail -1 | tr -d ' ')"
  printf 'total: %d passed, %d failed\n' "$total_p" "$total_f"
  ((total_f == 0))
}

# --- preparation: nothing can run without these -------------------------
if ! check setup scripts/setup.sh; then summary; exit 1; fi
if ! check ui-build bash -c 'cd ui && npm run --silent build && npm run --silent build:screen'; then
  summary
  exit 1
fi

# --- static checks -------------------------------------------------------
check cargo-fmt cargo fmt --all --check
check cargo-clippy cargo clippy --workspace --all-targets -- -D warnings
# Most managers use Windows: the whole workspace must build there too, so
# Linux-only code outside a `cfg` gate fails here.
check windows-clippy cargo clippy --workspace --all-targets \
  --target x86_64-pc-windows-gnu -- -D warnings
check svelte-check bash -c 'cd ui && npm run --silent check'

# One dev-profile build of everything the layers run: the test binaries and,
# through src-tauri's integration tests, target/debug/kaartbeheer itself.
built=1
check cargo-build cargo test --workspace --no-run || built=0

# --- layer 1: Rust ---------------------------------------------------------
if ((built)); then
  layer "layer 1 rust (nextest)" count_nextest - \
    scripts/with-session.sh cargo nextest run --workspace --no-fail-fast
else
  skip_layer "layer 1 rust (nextest)" "build failed"
fi

# --- layer 2: UI components ------------------------------------------------
layer "layer 2 ui (vitest)" count_vitest "$RESULTS/vitest.json" \
  bash -c "cd ui && npx vitest run --reporter=default --reporter=json --outputFile.json='$RESULTS/vitest.json'"

# --- layer 3: screens in Chromium -----------------------------------------
node_suite() { # dir tapfile
  cd "$REPO/tests" && node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$2" "$1/"
}
layer "layer 3 screen (chromium)" count_tap "$RESULTS/screen.tap" \
  timeout -k 10 600 bash -c "$(declare -f node_suite); REPO='$REPO' node_suite screen '$RESULTS/screen.tap'"

# --- layer 4: the real app ------------------------------------------------
if ((built)) && [[ -x target/debug/kaartbeheer ]]; then
  layer "layer 4 desktop (tauri-driver)" count_tap "$RESULTS/desktop.tap" \
    timeout -k 10 900 xvfb-run -a -s '-screen 0 1400x1000x24' \
    scripts/with-session.sh \
    bash -c "$(declare -f node_suite); REPO='$REPO' node_suite desktop '$RESULTS/desktop.tap'"
else
  skip_layer "layer 4 desktop (tauri-driver)" "no app binary"
fi

# --- the installable app ---------------------------------------------------
# The one release build: the Debian package, its contents and dependencies,
# and the packaged binary starting in demo mode (scripts/package-deb.sh).
check deb-package scripts/package-deb.sh

summary
