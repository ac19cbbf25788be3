#!/usr/bin/env bash
# The one bench command (issue 14): builds what it needs, seeds the bench set
# once with the data generator (`kaart-server seed --bench`: one
# organisation, 5,000 records, 200,000 sign-ups, the first activity with
# 20,000), runs every row and prints ONE markdown table (row, measure,
# value, baseline measured in the same run, ratio = cost ÷ the baseline's).
# docs/benchmarks.md holds the latest table, the machine and this command.
#
#   scripts/bench.sh                 # about 10–20 minutes on 2 shared cores
#   scripts/bench.sh --no-app        # without the release app's rows (and
#                                    # without building the app, the longest
#                                    # build); the table says they were not run
#
# Not part of scripts/test.sh or CI. Needs scripts/setup.sh first (Debian
# packages incl. sqlite3, xvfb, WebKitWebDriver; tauri-driver; node_modules).
# It re-runs itself under Xvfb and a private D-Bus session with a throwaway
# keyring (scripts/with-session.sh). The parts:
#   1. cargo bench -p kaart-core --bench sync_client: initial sync (against
#      plain SQLite and SQLCipher inserts of the same rows), sync with
#      nothing to do, push of 1,000 edits, opening the store (against the
#      same store unencrypted); leaves the synced store and its plain copy;
#   2. cargo bench -p kaart-core --bench signup_search: search over the
#      200,000 sign-ups (against a LIKE scan), pages, counts;
#   3. export (this script): `kaart-sync export` of the 20,000-sign-up
#      activity and `kaart-sync export-all` of all 2,001 activities (all
#      200,000 sign-ups, one file per activity, one process), CSV and xlsx,
#      each a child process under /usr/bin/time (peak RSS), against
#      `sqlite3 -csv` of the same sign-ups from the plain copy;
#   4. the server: crates/kaart-server/examples/bench.rs (feed, mutations);
#   5. the release app: tests/bench/app-start.mjs (start → first screen with
#      data, PSS with the 20,000-sign-up activity open) against an empty
#      Tauri window (src-tauri/examples/empty_window.rs), same release build.
# The table also goes to target/bench/latest.md; each part's log to
# target/bench/<part>.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

if [[ -z "${KAART_BENCH_INSIDE:-}" ]]; then
  exec xvfb-run -a -s '-screen 0 1400x1000x24' \
    scripts/with-session.sh env KAART_BENCH_INSIDE=1 "$REPO/scripts/bench.sh" "$@"
fi

with_app=1
for arg in "$@"; do
  case $arg in
    --no-app) with_app= ;;
    *) echo "usage: scripts/bench.sh [--no-app]" >&2; exit 2 ;;
  esac
done

export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
target="${CARGO_TARGET_DIR:-$REPO/target}"
release="$target/release"
out="$target/bench"
mkdir -p "$out"
rows="$out/rows.jsonl"
: >"$rows"
work=$(mktemp -d "${TMPDIR:-/tmp}/kaartbeheer-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

say() { echo "bench: $*" >&2; }

# A row that could not be measured, so the table says so.
failed_row() {
  jq -cn --arg row "$1" --arg log "$2" \
    '{row: $row, measure: "", value: "failed (see \($log))", baseline: "", ratio: ""}' >>"$rows"
}

# part NAME CMD...: runs CMD, its JSON rows (stdout lines starting with `{"row"`)
# into the table, everything into target/bench/NAME.log.
part() {
  local name=$1
  shift
  say "$name…"
  local started=$SECONDS
  if "$@" >"$out/$name.out" 2>"$out/$name.log"; then
    # Rows are JSON objects with a "row" key (serde_json sorts keys, so not first).
    grep '^{' "$out/$name.out" | jq -c 'select(.row)' >>"$rows"; [[ -s $rows && $(grep -c '^{' "$out/$name.out") -gt 0 ]] || failed_row "$name: no rows" "$out/$name.log"
  else
    cat "$out/$name.out" >>"$out/$name.log"
    failed_row "$name" "$out/$name.log"
  fi
  say "$name took $((SECONDS - started)) s"
}

say "building (release)…"
# The UI only when its sources changed: a rebuilt ui/dist makes the app's
# crate compile again (its assets are embedded).
: >"$out/build.log"
if [[ -n $with_app ]] && { [[ ! -f ui/dist/index.html ]] || [[ -n $(find ui/src ui/index.html ui/package.json -newer ui/dist/index.html | head -1) ]]; }; then
  (cd ui && npm run --silent build) >>"$out/build.log" 2>&1
fi
{
  if [[ -n $with_app ]]; then
    # The app as scripts/package-deb.sh builds it (tauri build = cargo build
    # --release of the app with its default features), alone so that its
    # dependencies' features are the app's own.
    cargo build --release -p kaartbeheer --bin kaartbeheer
    cargo build --release -p kaartbeheer --example empty_window --features bench-empty-window
  fi
  cargo build --release -p kaart-server --bin kaart-server --example bench
  cargo build --release -p kaart-core --bin kaart-sync
  cargo bench -p kaart-core --no-run
} >>"$out/build.log" 2>&1 || { say "build failed: $out/build.log"; exit 1; }

say "seeding the bench set (kaart-server seed --bench)…"
seeded="$work/seeded.sqlite"
started=$SECONDS
"$release/kaart-server" seed --bench --db "$seeded" >"$out/seed.log" 2>&1
sqlite3 "$seeded" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
seed_secs=$((SECONDS - started))
export KAART_BENCH_SEEDED_DB="$seeded"

core="$work/core"
part sync_client env KAART_BENCH_KEEP="$core" cargo bench -p kaart-core --bench sync_client
part signup_search cargo bench -p kaart-core --bench signup_search

# Export: the core exporter through kaart-sync, one child process per row.
export_rows() {
  local app_id plain big exports t0 t1 secs bytes rss what
  app_id=$(cat "$core/app_id")
  plain="$core/plain.db"
  big=$(sqlite3 "$plain" "SELECT activity_ref FROM records WHERE kind = 'signup'
    GROUP BY activity_ref ORDER BY count(*) DESC LIMIT 1")
  org=$(sqlite3 "$plain" "SELECT organization_id FROM records WHERE kind = 'signup'
    GROUP BY organization_id ORDER BY count(*) DESC LIMIT 1")
  local n_big n_all
  n_big=$(sqlite3 "$plain" "SELECT count(*) FROM records WHERE kind = 'signup' AND activity_ref = '$big'")
  n_all=$(sqlite3 "$plain" "SELECT count(*) FROM records WHERE kind = 'signup' AND organization_id = '$org'")
  exports="$work/exports"
  sync=("$release/kaart-sync" --data-dir "$core/client" --service http://127.0.0.1:9 --keyring-service "$app_id")

  # measure OUT CMD...: wall seconds, bytes written to OUT (file or folder), peak RSS in MiB.
  measure() {
    local target=$1
    shift
    # Empty, not removed: export-all writes into an existing folder.
    if [[ -d $target ]]; then find "$target" -mindepth 1 -delete; else rm -f "$target"; fi
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/stdout" 2>>"$work/export.err"
    t1=$(date +%s%N)
    secs=$(jq -n "($t1 - $t0) / 1e9")
    bytes=$(du -sb "$target" | cut -f1)
    rss=$(jq -n "$(tail -1 "$work/rss") / 1024")
  }
  summary() { jq -rn --argjson s "$secs" --argjson b "$bytes" --argjson r "$rss" \
    '"\($s * 100 | round / 100) s · \($b / 1e6 / $s * 10 | round / 10) MB/s · \($b / 1e6 * 10 | round / 10) MB · peak RSS \($r | round) MiB"'; }

  local base_big base_all base_big_s base_all_s
  # Baseline: sqlite3 -csv of the same sign-ups (their answers as stored, as
  # JSON text, submitted at, status) from the plain copy.
  local select="SELECT json_extract(fields, '\$.answers'), json_extract(fields, '\$.submitted_at'), json_extract(fields, '\$.status') FROM records WHERE kind = 'signup'"
  measure "$work/base-big.csv" sh -c "sqlite3 -csv '$plain' \"$select AND activity_ref = '$big'\" >'$work/base-big.csv'"
  base_big=$(summary) base_big_s=$secs
  measure "$work/base-all.csv" sh -c "sqlite3 -csv '$plain' \"$select AND organization_id = '$org'\" >'$work/base-all.csv'"
  base_all=$(summary) base_all_s=$secs

  for format in csv xlsx; do
    measure "$work/big.$format" "${sync[@]}" export --activity "$big" --out "$work/big.$format" --format "$format"
    [[ $(jq .rows "$work/stdout") == "$n_big" ]] || { say "export wrote $(cat "$work/stdout"), expected $n_big rows"; return 1; }
    what=$(summary)
    jq -cn --arg row "export $n_big sign-ups (one activity), $format (kaart-sync export)" --arg value "$what" \
      --arg baseline "sqlite3 -csv over a plain copy: $base_big" --argjson r "$(jq -n "$secs / $base_big_s")" \
      '{row: $row, measure: "s, MB/s, peak RSS", value: $value, baseline: $baseline, ratio: "\($r * 100 | round / 100)×"}' >>"$rows"

    mkdir -p "$exports"
    measure "$exports" "${sync[@]}" export-all --org "$org" --out-dir "$exports" --format "$format"
    [[ $(jq .rows "$work/stdout") == "$n_all" ]] || { say "export-all wrote $(cat "$work/stdout"), expected $n_all rows"; return 1; }
    what="$(summary) · $(jq .files "$work/stdout") files"
    jq -cn --arg row "export all $n_all sign-ups of the organisation, $format (kaart-sync export-all: one file per activity, one process)" --arg value "$what" \
      --arg baseline "sqlite3 -csv over a plain copy: $base_all" --argjson r "$(jq -n "$secs / $base_all_s")" \
      '{row: $row, measure: "s, MB/s, peak RSS", value: $value, baseline: $baseline, ratio: "\($r * 100 | round / 100)×"}' >>"$rows"
  done
}
say "export…"
# In a subshell of its own with -e in force (not under `||`, which would
# switch -e off inside): any failed step fails the part.
set +e
(set -e; export_rows) 2>"$out/export.log"
status=$?
set -e
[[ $status == 0 ]] || failed_row "export" "$out/export.log"

part server "$release/examples/bench"
if [[ -n $with_app ]]; then
  part app bash -c "cd tests && BENCH_DB='$seeded' KAARTBEHEER_APP_BINARY='$release/kaartbeheer' \
    BENCH_EMPTY_WINDOW='$release/examples/empty_window' KAART_SERVER_BINARY='$release/kaart-server' \
    node bench/app-start.mjs"
else
  jq -cn '{row: "the release app (start, memory)", measure: "", value: "not run (--no-app)", baseline: "", ratio: ""}' >>"$rows"
fi

{
  echo "Bench set: \`kaart-server seed --bench\` (5,000 records, 200,000 sign-ups; seeded in $seed_secs s)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`scripts/bench.sh$([[ -n $with_app ]] || echo " --no-app")\` ($(date -u +%Y-%m-%d), $(git rev-parse --short HEAD))."
  echo
  echo "| row | measure | value | baseline (same run) | ratio |"
  echo "|---|---|---|---|---:|"
  jq -r '"| \(.row) | \(.measure) | \(.value) | \(.baseline) | \(.ratio) |"' "$rows"
} | tee "$out/latest.md"
