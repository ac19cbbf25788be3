// Benchmark: how long the window takes to answer a manager while a large
// initial sync runs, against the same interaction in an idle window. The
// real app (target/debug/kaartbeheer unless KAARTBEHEER_APP_BINARY) signs in
// to a real kaart-server serving the bench set (5,000 records, 200,000
// sign-ups), and while the first sync is receiving it repeats three
// interactions — open "Profiel" (loads the profile), type in a field, open
// "Organisaties" (loads the organisation, its offerings and contacts), open an
// offering — timing each from the WebDriver action until the DOM shows the
// result. Only samples that began and ended while the status bar showed the
// sync running count. After the sync it repeats them in the idle window.
// Prints medians and the ratio (see docs/benchmarks.md).
//
// Run (not part of CI; takes minutes):
//   cd tests && xvfb-run -a -s '-screen 0 1400x1000x24' ../scripts/with-session.sh \
//     node bench/responsive-sync.mjs
// BENCH_DB=<file> reuses a database seeded before with
// `kaart-server seed --bench --db <file>` (it is copied, never changed);
// without it the set is seeded first, with BENCH_SIGNUPS sign-ups when set
// (`kaart-server seed --bench --signups N`). BENCH_ROUNDS (default 7): samples
// per interaction and state.

import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../support/app-session.mjs";
import { seedKaartServerDb, serveKaartServerDb } from "../support/kaart-server.mjs";
import { leaveDiscardingTyping, openOffering, signInThroughWindow, statusBar, switchSection, typeInto } from "../support/window-use.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SALUTATION = "#profiel-salutation";

function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One round of the three interactions; `keep(name, ms)` decides whether a sample counts. */
async function round(browser, i, keep) {
  const timed = async (name, action) => {
    const before = await statusBar(browser);
    const ms = await action();
    const after = await statusBar(browser);
    keep(name, ms, before, after);
  };
  await timed("open section Profiel", () => switchSection(browser, "profiel", { expect: "bench" }));
  await timed("type in a field (10 characters)", () => typeInto(browser, SALUTATION, `mevrouw ${String(i).padStart(2, "0")}`));
  // The typing is not saved: leaving Profiel asks first. Given up, untimed.
  await leaveDiscardingTyping(browser, "over");
  await timed("open section Organisaties", () => switchSection(browser, "organisaties"));
  await timed("open an offering", async () => (await openOffering(browser, i % 20)).ms);
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
      const signups = process.env.BENCH_SIGNUPS ? ["--signups", process.env.BENCH_SIGNUPS] : [];
      console.error(await seedKaartServerDb(db, "bench", signups));
    }
    server = await serveKaartServerDb(db);
    app = await startApp({ name: "bench", env: () => ({ KAARTBEHEER_SERVICE_URL: server.url }) });
    const { browser } = app;

    await signInThroughWindow(browser, "bench", "bench");
    const signedIn = performance.now();
    // The first page holds the organisation, its offerings and contacts.
    await browser.waitUntil(async () => ((await statusBar(browser)).received ?? 0) > 0, {
      timeout: 120_000,
      interval: 50,
      timeoutMsg: "the first sync did not start receiving",
    });
    const firstPage = performance.now();

    const during = {};
    let discarded = 0;
    let i = 0;
    while (Object.values(during).every((v) => v.length < ROUNDS) || Object.keys(during).length === 0) {
      const s = await statusBar(browser);
      if (!s.syncing) break;
      await round(browser, i++, (name, ms, before, after) => {
        if (before.syncing && after.syncing) (during[name] ??= []).push(ms);
        else discarded += 1;
      });
    }
    await browser.waitUntil(
      async () => {
        const s = await statusBar(browser);
        return !s.syncing && !s.lastSynced.startsWith("Nog niet");
      },
      { timeout: 900_000, interval: 250, timeoutMsg: "the first sync did not finish" },
    );
    const synced = performance.now();

    const idle = {};
    for (let j = 0; j < ROUNDS; j++) {
      await round(browser, i++, (name, ms, before, after) => {
        if (!before.syncing && !after.syncing) (idle[name] ??= []).push(ms);
      });
    }

    console.log(`\nfirst sync: ${((synced - signedIn) / 1000).toFixed(1)} s after sign-in ` +
      `(first page in after ${((firstPage - signedIn) / 1000).toFixed(1)} s); ` +
      `samples during the sync: ${Math.min(...Object.values(during).map((v) => v.length))}+ per interaction, ` +
      `${discarded} discarded (the sync ended during them); idle: ${ROUNDS} per interaction\n`);
    console.log("| interaction | idle, median (ms) | during the sync, median (ms) | during ÷ idle |");
    console.log("|---|---:|---:|---:|");
    for (const name of Object.keys(idle)) {
      const a = median(idle[name]);
      const b = median(during[name] ?? []);
      console.log(`| ${name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(1)}× |`);
    }
    console.log(`\nraw (ms): ${JSON.stringify({ idle, during }, (k, v) => (typeof v === "number" ? Math.round(v) : v))}`);
  } finally {
    await app?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
