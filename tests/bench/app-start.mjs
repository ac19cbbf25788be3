// Benchmark: the release app's start and memory, for scripts/bench.sh. The
// real app (KAARTBEHEER_APP_BINARY, the release build there) signs in to a
// real kaart-server serving the bench set (BENCH_DB, seeded before with
// `kaart-server seed --bench`; copied, never changed) and finishes its first
// sync; then it is closed, and each of BENCH_ROUNDS (default 3) rounds
// starts it again on that same store and measures
//   - start → first screen with data: from asking tauri-driver for a
//     session (which starts WebKitWebDriver, which starts the app) until
//     the first screen ("Organisaties") shows the organisation's name and
//     nothing in it is still loading;
//   - memory: PSS summed over the app and every process below it (WebKit's
//     web and network processes), with the 20,000-sign-up activity open
//     (Activiteiten, period "Alle", sorted by sign-ups, the first row — the
//     activity with the most — clicked, its count and first rows shown), 3 s
//     after it showed.
// Baseline in the same run: an empty Tauri window built with the same
// release settings (BENCH_EMPTY_WINDOW, src-tauri/examples/empty_window.rs:
// the app's window showing about:blank), started the same way until its
// page has loaded; its PSS likewise, 3 s later. Memory has a second
// baseline: the same empty window with WebKitGTK's compositing off, as the
// app runs it (src-tauri/src/rendering.rs), so the table shows both what
// the app costs against a default Tauri window and what its own content
// costs.
// Prints one JSON row per measurement on stdout (like the Rust benches).
//
// Run inside Xvfb and a D-Bus session with a keyring, from tests/:
//   BENCH_DB=… KAARTBEHEER_APP_BINARY=../target/release/kaartbeheer \
//   BENCH_EMPTY_WINDOW=../target/release/examples/empty_window \
//   KAART_SERVER_BINARY=../target/release/kaart-server \
//   xvfb-run -a -s '-screen 0 1400x1000x24' ../scripts/with-session.sh node bench/app-start.mjs

import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../support/app-session.mjs";
import { serveKaartServerDb } from "../support/kaart-server.mjs";
import { signInThroughWindow } from "../support/window-use.mjs";
import { activitiesBySignups, appPid, countText, openActivity, pss, waitForFirstSync } from "./app-measure.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EMPTY_WINDOW = process.env.BENCH_EMPTY_WINDOW;
const POLL_MS = 20;
const settle = () => new Promise((r) => setTimeout(r, 3000));

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function row(row, measure, value, baseline, ratio) {
  console.log(JSON.stringify({ row, measure, value, baseline, ratio: ratio === null ? "" : `${ratio.toFixed(2)}×` }));
}

/** Starts `binary` on `home` and waits until `shown` holds in its window; resolves to { app, ms }. */
async function timedStart(name, home, binary, env, shown, what) {
  const t0 = performance.now();
  const app = await startApp({ name, home, binary, env: () => env });
  await app.browser.waitUntil(async () => app.browser.execute(shown), {
    timeout: 120_000,
    interval: POLL_MS,
    timeoutMsg: `${what} did not show`,
  });
  return { app, ms: performance.now() - t0 };
}

/** The first screen with data: "Organisaties" showing the organisation, nothing loading. */
function firstScreen() {
  const main = document.querySelector("main");
  if (main?.getAttribute("data-section") !== "organisaties") return false;
  if (main.querySelector('[aria-busy="true"]')) return false;
  return (main.querySelector('[data-testid="org-name"]')?.textContent?.trim() ?? "") !== "";
}

/**
 * The baseline, through WebDriver like the app: the empty window started
 * ROUNDS times with `env` added, its start time and its PSS 3 s after its
 * page loaded. Should WebDriver not get a session on it, its memory only,
 * started directly (no start time: nothing tells when its page shows
 * without WebDriver).
 */
async function measureEmpty(dir, name, env) {
  const emptyStarts = [];
  const emptyMemory = [];
  let app;
  for (let i = 0; i < ROUNDS; i++) {
    const emptyHome = join(dir, `${name}-${i}`);
    mkdirSync(emptyHome);
    try {
      const started = await timedStart(
        "bench-empty",
        emptyHome,
        EMPTY_WINDOW,
        env,
        () => document.readyState === "complete" && location.href === "about:blank",
        "the empty window's page",
      );
      app = started.app;
      emptyStarts.push(started.ms);
      await settle();
      emptyMemory.push(pss(appPid(join(emptyHome, "data"), "empty_window")).total);
      await app.stop();
      app = undefined;
    } catch (e) {
      await app?.stop();
      app = undefined;
      console.error(`empty window through WebDriver: ${e.message.split("\n")[0]}; its memory started directly instead`);
      const child = spawn(EMPTY_WINDOW, [], { env: { ...process.env, ...env, XDG_DATA_HOME: join(emptyHome, "data") }, stdio: "ignore" });
      await new Promise((r) => setTimeout(r, 8000));
      emptyMemory.push(pss(child.pid).total);
      child.kill();
      break;
    }
  }
  return { starts: emptyStarts, memory: emptyMemory };
}

async function main() {
  if (!process.env.BENCH_DB) throw new Error("BENCH_DB: a database seeded with `kaart-server seed --bench`");
  if (!EMPTY_WINDOW) throw new Error("BENCH_EMPTY_WINDOW: the empty Tauri window (src-tauri/examples/empty_window.rs)");
  const dir = mkdtempSync(join(tmpdir(), "kaartbeheer-bench-app-"));
  const db = join(dir, "kaart.sqlite");
  const home = join(dir, "home");
  mkdirSync(home);
  let server;
  let app;
  try {
    copyFileSync(process.env.BENCH_DB, db);
    server = await serveKaartServerDb(db);
    const env = { KAARTBEHEER_SERVICE_URL: server.url };

    // Sign in and let the first sync finish; the rounds start on this store.
    app = await startApp({ name: "bench-start", home, env: () => env });
    await signInThroughWindow(app.browser, "bench", "bench");
    const firstSync = await waitForFirstSync(app.browser);
    console.error(`first sync in the app: ${(firstSync / 1000).toFixed(1)} s`);
    await app.stop();
    app = undefined;

    const starts = [];
    const memory = [];
    let bigCount = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const started = await timedStart("bench-start", home, undefined, env, firstScreen, "the first screen with data");
      app = started.app;
      starts.push(started.ms);
      const { browser } = app;
      const big = (await activitiesBySignups(browser)).rows[0];
      await openActivity(browser, big.title, countText(big.count));
      await settle();
      const m = pss(appPid(join(home, "data")));
      memory.push(m.total);
      console.error(`round ${i + 1}: start ${started.ms.toFixed(0)} ms; ${big.count} sign-ups open: PSS ${m.total.toFixed(0)} MiB ${JSON.stringify(m.byName, (k, v) => (typeof v === "number" ? Math.round(v) : v))}`);
      await app.stop();
      app = undefined;
      bigCount = big.count;
    }

    const empty = await measureEmpty(dir, "empty", {});
    // The app switches WebKitGTK's compositing off (src-tauri/src/rendering.rs);
    // the same window with that one setting, so the app's own cost shows too.
    const emptyFlat = await measureEmpty(dir, "empty-flat", { WEBKIT_DISABLE_COMPOSITING_MODE: "1" });
    const [emptyStarts, emptyMemory] = [empty.starts, empty.memory];

    const [s, m] = [starts, memory].map(median);
    const es = emptyStarts.length ? median(emptyStarts) : null;
    const em = median(emptyMemory);
    row(
      `the release app: start → first screen with data, median of ${ROUNDS}`,
      "ms",
      `${s.toFixed(0)} ms`,
      es === null ? "an empty Tauri window: not measured (no WebDriver session on it)" : `an empty Tauri window, same release settings: ${es.toFixed(0)} ms`,
      es === null ? null : s / es,
    );
    row(
      `the release app: memory with the ${bigCount.toLocaleString("en")}-sign-up activity open, median of ${ROUNDS}`,
      "MB (PSS of all its processes)",
      `${m.toFixed(0)} MiB`,
      `an empty Tauri window, same release settings: ${em.toFixed(0)} MiB`,
      m / em,
    );
    const ef = median(emptyFlat.memory);
    row(
      `the release app: memory with the ${bigCount.toLocaleString("en")}-sign-up activity open, median of ${ROUNDS} (the same measure as above)`,
      "MB (PSS of all its processes)",
      `${m.toFixed(0)} MiB`,
      `the same empty window with compositing off like the app (WEBKIT_DISABLE_COMPOSITING_MODE=1): ${ef.toFixed(0)} MiB`,
      m / ef,
    );
  } finally {
    await app?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
