// Profile of the release app's start and memory (issue 14), for reading, not
// for the table: where the time to the first screen with data goes and where
// the memory goes, next to the empty Tauri window. Not run by
// scripts/bench.sh (that one prints the rows: bench/app-start.mjs); run by
// hand when the rows need explaining. docs/benchmarks.md has what it showed.
//
// Each round starts the app on a store synced before and prints, in ms from
// the app process's start (/proc/<pid>/stat; 10 ms resolution):
//   - the app's own log lines of the start (`KAARTBEHEER_LOG=…` decides
//     which; the start sequence logs how long opening the store took);
//   - the webview's `performance` entries: navigation start (the window
//     and its webview exist), index.html received, DOMContentLoaded (the
//     bundle parsed and run), load, the first paint, any marks;
//   - first screen with data as the bench sees it (polled through WebDriver,
//     like bench/app-start.mjs);
// then the PSS by process, and of the app and web process by kind of
// mapping (heap, other anonymous, files), on the first screen, with the
// activity list (period "Alle", sorted by sign-ups) shown, with the
// 20,000-sign-up activity (its first row) open, and back on the first screen. Then the same start and memory of the
// empty window.
//
// The synced store is kept in PROFILE_DIR (and its key in the keyring of the
// session it runs in), so rounds on later builds start on the same store:
//   PROFILE_DIR=/tmp/x BENCH_DB=… KAARTBEHEER_APP_BINARY=../target/release/kaartbeheer \
//   BENCH_EMPTY_WINDOW=../target/release/examples/empty_window \
//   KAART_SERVER_BINARY=../target/release/kaart-server node bench/app-profile.mjs

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp } from "../support/app-session.mjs";
import { serveKaartServerDb } from "../support/kaart-server.mjs";
import { signInThroughWindow, switchSection } from "../support/window-use.mjs";
import { activitiesBySignups, appPid, countText, openActivity, processTable, waitForFirstSync } from "./app-measure.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DIR = process.env.PROFILE_DIR;
const EMPTY_WINDOW = process.env.BENCH_EMPTY_WINDOW;
const settle = () => new Promise((r) => setTimeout(r, 3000));
const CLK_TCK = 100;

/** When `pid` started, in ms since the epoch (to 10 ms). */
function startedAt(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  return Date.now() - (uptime - ticks / CLK_TCK) * 1000;
}

/** `root` and every process below it. */
function tree(root) {
  const table = processTable();
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, p] of table) if (p.ppid === pids[i]) pids.push(pid);
  return pids.map((pid) => ({ pid, name: table.get(pid)?.name ?? "?" }));
}

/** PSS in MiB of one process by kind of mapping: heap, anonymous, the largest files. */
function pssByMapping(pid) {
  const by = {};
  let name = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const path = head[1].trim();
      name = path === "" ? "[anon]" : path.startsWith("/memfd:") ? "[memfd]" : path.startsWith("[") ? path.replace(/:.*/, "") : path.split("/").pop().replace(/\.so.*/, ".so");
      continue;
    }
    const pss = /^Pss:\s+(\d+) kB/.exec(line);
    if (pss) by[name] = (by[name] ?? 0) + Number(pss[1]) / 1024;
  }
  const sorted = Object.entries(by).sort((a, b) => b[1] - a[1]);
  const out = {};
  for (const [k, v] of sorted.slice(0, 8)) out[k] = Math.round(v);
  out["(rest)"] = Math.round(sorted.slice(8).reduce((s, [, v]) => s + v, 0));
  return out;
}

function memory(root, what) {
  const rows = [];
  let total = 0;
  for (const { pid, name } of tree(root)) {
    try {
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      total += kb / 1024;
      rows.push({ name, pss: Math.round(kb / 1024), mappings: kb > 20 * 1024 ? pssByMapping(pid) : undefined });
    } catch {
      /* gone meanwhile */
    }
  }
  console.log(`  memory, ${what}: ${total.toFixed(0)} MiB (load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")})`);
  for (const r of rows) console.log(`    ${r.name} ${r.pss} MiB ${r.mappings ? JSON.stringify(r.mappings) : ""}`);
  return total;
}

/** The app's log lines written since `since` (ms since the epoch), with their time. */
function logLines(home, since) {
  const dir = join(home, "data", "nl.kaartbeheer.app.test", "logs");
  if (!existsSync(dir)) return [];
  const out = [];
  for (const file of readdirSync(dir).sort()) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      const m = /^(\S+Z)\s+(\w+)\s+(.*)$/.exec(line);
      if (!m) continue;
      const at = Date.parse(m[1]) + Number(/\.\d{3}(\d*)Z/.exec(m[1])?.[1]?.padEnd(3, "0").slice(0, 3) ?? 0) / 1000;
      if (at >= since) out.push({ at, text: `${m[2]} ${m[3]}`.slice(0, 140) });
    }
  }
  return out;
}

/** What the webview's `performance` says, in ms since the epoch. */
async function webviewTimes(browser) {
  return browser.execute(() => {
    const o = performance.timeOrigin;
    const nav = performance.getEntriesByType("navigation")[0];
    const out = [{ at: o, text: "webview: navigation start" }];
    if (nav) {
      out.push({ at: o + nav.responseEnd, text: "webview: index.html received" });
      out.push({ at: o + nav.domContentLoadedEventEnd, text: "webview: DOMContentLoaded done (bundle parsed and run)" });
      out.push({ at: o + nav.loadEventEnd, text: "webview: load done" });
    }
    for (const e of performance.getEntriesByType("resource")) {
      out.push({ at: o + e.responseEnd, text: `webview: fetched ${e.name.slice(0, 60)} (${Math.round(e.duration)} ms, ${e.transferSize ?? "?"} B)` });
    }
    for (const e of performance.getEntriesByType("paint")) out.push({ at: o + e.startTime, text: `webview: ${e.name}` });
    for (const e of performance.getEntriesByType("mark")) out.push({ at: o + e.startTime, text: `webview mark: ${e.name}` });
    return out;
  });
}

function firstScreen() {
  const main = document.querySelector("main");
  if (main?.getAttribute("data-section") !== "organisaties") return false;
  if (main.querySelector('[aria-busy="true"]')) return false;
  return (main.querySelector('[data-testid="org-name"]')?.textContent?.trim() ?? "") !== "";
}

async function main() {
  if (!DIR || !process.env.BENCH_DB || !EMPTY_WINDOW) throw new Error("PROFILE_DIR, BENCH_DB and BENCH_EMPTY_WINDOW");
  const db = join(DIR, "kaart.sqlite");
  const home = join(DIR, "home");
  const synced = join(DIR, "synced");
  mkdirSync(home, { recursive: true });
  if (!existsSync(db)) copyFileSync(process.env.BENCH_DB, db);
  const server = await serveKaartServerDb(db);
  const env = { KAARTBEHEER_SERVICE_URL: server.url, KAARTBEHEER_LOG: process.env.KAARTBEHEER_LOG ?? "info" };
  let app;
  try {
    if (!existsSync(synced)) {
      app = await startApp({ name: "profile", home, env: () => env });
      await signInThroughWindow(app.browser, "bench", "bench");
      console.log(`first sync: ${((await waitForFirstSync(app.browser)) / 1000).toFixed(1)} s`);
      await app.stop();
      app = undefined;
      writeFileSync(synced, "");
    }
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = Date.now();
      app = await startApp({ name: "profile", home, env: () => env });
      const { browser } = app;
      await browser.waitUntil(async () => browser.execute(firstScreen), { timeout: 120_000, interval: 20 });
      const shown = Date.now();
      const pid = appPid(join(home, "data"));
      const start = startedAt(pid);
      const events = [
        { at: t0, text: "bench: session asked for (tauri-driver starting)" },
        { at: start, text: "app process started" },
        ...logLines(home, t0 - 1000),
        ...(await webviewTimes(browser)),
        { at: shown, text: "bench: first screen with data seen" },
      ].sort((a, b) => a.at - b.at);
      console.log(`round ${i + 1} (load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}): first screen ${shown - t0} ms after the session was asked for, ${shown - start} ms after the process started`);
      for (const e of events) console.log(`  ${String(Math.round(e.at - start)).padStart(6)} ms  ${e.text}`);
      await settle();
      memory(pid, "first screen");
      const { total, rows } = await activitiesBySignups(browser);
      await settle();
      memory(pid, `activity list, period "Alle" (${total} activities, by sign-ups)`);
      const big = rows[0];
      await openActivity(browser, big.title, countText(big.count));
      await settle();
      memory(pid, `the ${big.count}-sign-up activity open`);
      await switchSection(browser, "organisaties");
      await settle();
      memory(pid, "back on Organisaties");
      await app.stop();
      app = undefined;
    }
    for (let i = 0; i < ROUNDS; i++) {
      const emptyHome = join(DIR, "empty");
      const t0 = Date.now();
      app = await startApp({ name: "profile-empty", home: emptyHome, binary: EMPTY_WINDOW });
      await app.browser.waitUntil(async () => app.browser.execute(() => document.readyState === "complete"), { interval: 20 });
      const shown = Date.now();
      const pid = appPid(join(emptyHome, "data"), "empty_window");
      const start = startedAt(pid);
      console.log(`empty window ${i + 1}: loaded ${shown - t0} ms after the session was asked for, ${shown - start} ms after the process started`);
      await settle();
      memory(pid, "empty window");
      await app.stop();
      app = undefined;
    }
  } finally {
    await app?.stop();
    await server.stop();
  }
}

await main();
