// What the app benchmarks measure in the real app's window and processes:
// the app's process tree and its memory (VmRSS, and PSS summed over the app
// and its WebKit child processes), the activity list's counts, and opening
// an activity's sign-up list and scrolling it to its end, and waiting for
// the first sync. Shared by
// bench/signup-list.mjs and bench/app-start.mjs.

import { readdirSync, readFileSync } from "node:fs";
import { statusBar, switchSection } from "../support/window-use.mjs";

const POLL_MS = 20;

/** pid → { ppid, name } of every process this user can see. */
export function processTable() {
  const table = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The name is in parentheses and may hold spaces; ppid is the 2nd field after it.
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      table.set(Number(entry), { ppid, name });
    } catch {
      /* gone meanwhile */
    }
  }
  return table;
}

/** The pid of the `name` process (kaartbeheer unless told) whose XDG_DATA_HOME is `dataHome`. */
export function appPid(dataHome, name = "kaartbeheer") {
  const table = processTable();
  for (const pid of table.keys()) {
    if (!table.get(pid).name.startsWith(name.slice(0, 15))) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (env.includes(`XDG_DATA_HOME=${dataHome}`)) return pid;
    } catch {
      /* not ours */
    }
  }
  throw new Error(`no ${name} process with XDG_DATA_HOME=${dataHome}`);
}

/** `root` and every process below it. */
function processTree(root, table) {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, p] of table) if (p.ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * Proportional set size (PSS, /proc/<pid>/smaps_rollup) in MiB of `root`
 * and every process below it, summed, and by process name: shared pages
 * count once across the processes that share them.
 */
export function pss(root) {
  const table = processTable();
  const byName = {};
  let total = 0;
  for (const pid of processTree(root, table)) {
    try {
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      const name = table.get(pid)?.name ?? String(pid);
      byName[name] = (byName[name] ?? 0) + kb / 1024;
      total += kb / 1024;
    } catch {
      /* gone meanwhile */
    }
  }
  return { total, byName };
}

/** VmRSS in MiB of `root` and every process below it, by process name. */
export function rss(root) {
  const table = processTable();
  const tree = processTree(root, table);
  const byName = {};
  let total = 0;
  for (const pid of tree) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      const name = table.get(pid)?.name ?? String(pid);
      byName[name] = (byName[name] ?? 0) + kb / 1024;
      total += kb / 1024;
    } catch {
      /* gone meanwhile */
    }
  }
  return { total, byName };
}

/**
 * The activity rows the list shows now (a window of the virtual list, in
 * list order) with their sign-up counts; rows whose page is still on its way
 * are left out. `index` is the row's place in the whole list.
 */
export async function listedActivities(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="activity-row"]')]
      .map((row) => {
        const cells = row.querySelectorAll('[role="cell"]');
        const title = row.querySelector("button.link")?.textContent?.trim();
        // "19.876 / 25.000" or "19.876 (124 afgemeld)": the list shows both kinds.
        const shown = cells[3]?.textContent?.trim() ?? "";
        const number = (text) => Number(text.replaceAll(".", "")); // "20.000"
        const registered = number(/^([\d.]+)/.exec(shown)?.[1] ?? "x");
        const cancelled = number(/\(([\d.]+) afgemeld\)/.exec(shown)?.[1] ?? "0");
        const count = registered + cancelled;
        return { index: Number(row.getAttribute("aria-rowindex")) - 2, title, count, registered };
      })
      .filter((a) => a.title && Number.isFinite(a.count))
      .sort((a, b) => a.index - b.index),
  );
}

/** The number of activities the list says it has ("2.001 activiteiten"), or `null`. */
async function listTotal(browser) {
  const text = await browser.execute(() => document.querySelector('[data-testid="activity-count"]')?.textContent ?? "");
  const match = /([\d.]+) activiteit/.exec(text);
  return match ? Number(match[1].replaceAll(".", "")) : null;
}

/**
 * Opens "Activiteiten", period "Alle", sorted by sign-ups — most first, as a
 * manager looking for the busiest activity does (`fewestFirst`: the other
 * way round) — and resolves to `{ total, rows }` once the first rows show
 * in that order.
 */
export async function activitiesBySignups(browser, { fewestFirst = false } = {}) {
  await switchSection(browser, "activiteiten");
  await browser.$('input[name="period"][value="all"]').click();
  const want = fewestFirst ? "ascending" : "descending";
  // The fourth column: Aanmeldingen.
  const header = await browser.$('[data-testid="activity-list"] [role="columnheader"]:nth-child(4)');
  for (let i = 0; i < 3 && (await header.getAttribute("aria-sort")) !== want; i++) await header.$("button").click();
  let total = null;
  let rows = [];
  await browser.waitUntil(
    async () => {
      if ((await header.getAttribute("aria-sort")) !== want) return false;
      total = await listTotal(browser);
      rows = await listedActivities(browser);
      const ordered = rows.every((r, i) => i === 0 || (fewestFirst ? rows[i - 1].registered <= r.registered : rows[i - 1].registered >= r.registered));
      return total !== null && total > 1000 && rows.length > 5 && rows[0].index === 0 && ordered;
    },
    { timeout: 120_000, interval: 250, timeoutMsg: "the activity list did not show its first rows by sign-ups" },
  );
  return { total, rows };
}

/** The title button of a shown activity row, or `null`. */
async function rowButton(browser, title) {
  for (const button of await browser.$$('[data-testid="activity-row"] button.link')) {
    if ((await button.getText()).trim() === title) return button;
  }
  return null;
}

/**
 * Clicks the activity `title` in the list; ms until its count and first
 * filled row show. When the list does not show it now (another order),
 * its title is typed into the list's search first, before the clock starts.
 */
export async function openActivity(browser, title, expected) {
  let button = await rowButton(browser, title);
  if (!button) {
    await browser.$('[data-testid="activity-search"]').setValue(title);
    await browser.waitUntil(async () => (button = await rowButton(browser, title)) !== null, {
      timeout: 60_000,
      interval: POLL_MS,
      timeoutMsg: `the activity list did not show "${title}"`,
    });
  }
  const t0 = performance.now();
  await button.click();
  await browser.waitUntil(
    async () =>
      browser.execute((expected) => {
        // A row whose page arrived: no "…" placeholder, some cell filled (answers may be empty).
        const filled = (selector) => {
          const cells = [...document.querySelectorAll(`${selector} [role="cell"]`)];
          return cells.length > 0 && !cells.some((c) => c.classList.contains("muted")) && cells.some((c) => c.textContent.trim() !== "");
        };
        const count = document.querySelector('[data-testid="signup-count"]')?.textContent?.trim() ?? "";
        if (count !== expected) return false;
        return filled('[data-testid="signup-row"][aria-rowindex="2"]');
      }, expected),
    { timeout: 120_000, interval: POLL_MS, timeoutMsg: `the list did not show "${expected}" with rows` },
  );
  return performance.now() - t0;
}

/** Scrolls the open list to its end; ms until the last row shows its cells. */
export async function scrollToEnd(browser, total) {
  const t0 = performance.now();
  await browser.execute(() => {
    const box = document.querySelector('[data-testid="signup-scroll"]');
    box.scrollTop = box.scrollHeight;
  });
  await browser.waitUntil(
    async () =>
      browser.execute((last) => {
        const filled = (selector) => {
          const cells = [...document.querySelectorAll(`${selector} [role="cell"]`)];
          return cells.length > 0 && !cells.some((c) => c.classList.contains("muted")) && cells.some((c) => c.textContent.trim() !== "");
        };
        const box = document.querySelector('[data-testid="signup-scroll"]');
        // The virtualiser may grow the space once it measured: keep at the bottom.
        if (box.scrollTop + box.clientHeight < box.scrollHeight - 1) box.scrollTop = box.scrollHeight;
        return filled(`[data-testid="signup-row"][aria-rowindex="${last}"]`);
      }, total + 1),
    { timeout: 120_000, interval: POLL_MS, timeoutMsg: "the last row did not show" },
  );
  return performance.now() - t0;
}

export const countText = (n) => `${n.toLocaleString("nl-NL")} ${n === 1 ? "aanmelding" : "aanmeldingen"}`;

/** Waits until the status bar says the first sync finished; resolves to ms waited. */
export async function waitForFirstSync(browser) {
  const t0 = performance.now();
  await browser.waitUntil(
    async () => {
      const s = await statusBar(browser);
      return !s.syncing && !s.lastSynced.startsWith("Nog niet") && s.text === "Verbonden";
    },
    { timeout: 1_800_000, interval: 500, timeoutMsg: "the first sync did not finish" },
  );
  return performance.now() - t0;
}

