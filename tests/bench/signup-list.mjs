// Benchmark: the sign-up list of a large activity in the real app. The real
// app (target/debug/kaartbeheer unless KAARTBEHEER_APP_BINARY) signs in to a
// real kaart-server serving the bench set (one organisation, 2,000
// activities, 200,000 sign-ups of which 20,000 belong to one activity) and
// waits for its first sync. In "Activiteiten" (period "Alle") it sorts the
// list by sign-ups and picks the first row, the activity with the most, and
// as the baseline of the same run, sorted the other way, the first with any
// (the fewest). Each round opens the big one and the small one in turn (a
// row the list does not show is first found with the list's title search,
// before the clock starts) and times, from the click on the activity's name
// until the DOM shows it:
//   - first rows: the count ("20.000 aanmeldingen") and the first row's
//     cells filled in (the core pages the list; the table is virtualised);
//   - scroll to the end: the scroll box set to its bottom until the last
//     sign-up's row (aria-rowindex = count + 1) shows its cells.
// Memory: the resident set size (VmRSS) of the app's processes — the
// kaartbeheer process (found by its XDG_DATA_HOME, which only this run's app
// has) and every process below it (WebKit's web and network processes) —
// in "Activiteiten" with no activity open, and with the big list open and
// scrolled to its end. Prints a table (see docs/benchmarks.md, "Sign-up
// list in the app").
//
// Run (not part of CI; several minutes, most of it the first sync):
//   cd tests && xvfb-run -a -s '-screen 0 1400x1000x24' ../scripts/with-session.sh \
//     node bench/signup-list.mjs
// BENCH_DB=<file> reuses a database seeded before with
// `kaart-server seed --bench --db <file>` (it is copied, never changed).
// BENCH_ROUNDS (default 5): openings of each activity.

import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../support/app-session.mjs";
import { seedKaartServerDb, serveKaartServerDb } from "../support/kaart-server.mjs";
import { signInThroughWindow } from "../support/window-use.mjs";
import { activitiesBySignups, appPid, countText, openActivity, rss, scrollToEnd, waitForFirstSync } from "./app-measure.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kaartbeheer-bench-"));
  const db = join(dir, "kaart.sqlite");
  let server;
  let app;
  try {
    if (process.env.BENCH_DB) {
      copyFileSync(process.env.BENCH_DB, db);
    } else {
      console.error("seeding the bench set (kaart-server seed --bench)…");
      console.error(await seedKaartServerDb(db, "bench"));
    }
    server = await serveKaartServerDb(db);
    app = await startApp({ name: "bench-signups", env: () => ({ KAARTBEHEER_SERVICE_URL: server.url }) });
    const { browser } = app;
    const pid = appPid(join(app.home, "data"));

    await signInThroughWindow(browser, "bench", "bench");
    const firstSync = await waitForFirstSync(browser);
    console.error(`first sync done after ${(firstSync / 1000).toFixed(0)} s`);

    // As a manager finds them: the list sorted by sign-ups, the first row
    // (most), then the other way round, the first row with any (fewest).
    const fewest = await activitiesBySignups(browser, { fewestFirst: true });
    const small = fewest.rows.find((a) => a.count > 0);
    const { total, rows } = await activitiesBySignups(browser);
    const big = rows[0];
    console.error(`big: ${big.count} sign-ups; small: ${small.count}; ${total} activities in the list`);

    // Settle, then the memory with no list open.
    await new Promise((r) => setTimeout(r, 3000));
    const before = rss(pid);

    const times = { big: { open: [], end: [] }, small: { open: [], end: [] } };
    let afterFirstRows;
    let afterEnd;
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, a] of [["big", big], ["small", small]]) {
        times[name].open.push(await openActivity(browser, a.title, countText(a.count)));
        if (name === "big" && i === 0) afterFirstRows = rss(pid);
        times[name].end.push(await scrollToEnd(browser, a.count));
        if (name === "big" && i === 0) {
          await new Promise((r) => setTimeout(r, 3000));
          afterEnd = rss(pid);
        }
      }
    }
    // The big list open and scrolled, after all rounds.
    await openActivity(browser, big.title, countText(big.count));
    await scrollToEnd(browser, big.count);
    await new Promise((r) => setTimeout(r, 3000));
    const afterAll = rss(pid);

    const ms = (v) => `${median(v).toFixed(0)} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;
    console.log(`\nsign-up list, median (min–max) of ${ROUNDS} openings each, ms\n`);
    console.log(`| measurement | small activity (${small.count} sign-ups) | big activity (${big.count.toLocaleString("en")} sign-ups) | big ÷ small |`);
    console.log("|---|---:|---:|---:|");
    for (const [label, key] of [["click → count and first rows", "open"], ["scroll to the end → last row shown", "end"]]) {
      const a = median(times.small[key]);
      const b = median(times.big[key]);
      console.log(`| ${label} | ${ms(times.small[key])} | ${ms(times.big[key])} | ${(b / a).toFixed(1)}× |`);
    }
    const mib = (r) => r.total.toFixed(0);
    console.log("\nresident memory (VmRSS) of the app's processes, MiB\n");
    const names = [...new Set([before, afterFirstRows, afterEnd, afterAll].flatMap((r) => Object.keys(r.byName)))];
    console.log(`| moment | total | ${names.join(" | ")} |`);
    console.log(`|---|---:|${names.map(() => "---:").join("|")}|`);
    for (const [label, r] of [
      ["Activiteiten, no list open", before],
      ["big list open, first rows", afterFirstRows],
      ["big list scrolled to the end", afterEnd],
      [`after ${ROUNDS} rounds, big list at its end`, afterAll],
    ]) {
      console.log(`| ${label} | ${mib(r)} | ${names.map((n) => (r.byName[n] ?? 0).toFixed(0)).join(" | ")} |`);
    }
    console.log(`\nraw (ms): ${JSON.stringify(times, (k, v) => (typeof v === "number" ? Math.round(v) : v))}`);
  } finally {
    await app?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
