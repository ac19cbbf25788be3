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

/** The activities in the list (period "Alle") with their sign-up counts. */
export async function listedActivities(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="activity-list"] tbody tr')]
      .map((tr, index) => {
        const cells = tr.querySelectorAll("td");
        const title = tr.querySelector("button.link")?.textContent?.trim();
        // "19.876" or "19.876 (124 afgemeld)": the list shows both kinds.
        const shown = cells[3]?.textContent?.trim() ?? "";
        const number = (text) => Number(text.replaceAll(".", "")); // "20.000"
        const registered = number(/^([\d.]+)/.exec(shown)?.[1] ?? "x");
        const cancelled = number(/\(([\d.]+) afgemeld\)/.exec(shown)?.[1] ?? "0");
        const count = registered + cancelled;
        return { index, title, count };
      })
      .filter((a) => a.title && Number.isFinite(a.count)),
  );
}

/** Clicks the `index`-th activity; ms until its count and first filled row show. */
export async function openActivity(browser, index, expected) {
  const links = await browser.$$('[data-testid="activity-list"] tbody tr button.link');
  const t0 = performance.now();
  await links[index].click();
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

/** Opens "Activiteiten", period "Alle", and resolves to the listed activities once over 1,000 show. */
export async function allActivities(browser) {
  await switchSection(browser, "activiteiten");
  await browser.$('input[name="period"][value="all"]').click();
  let activities = [];
  await browser.waitUntil(
    async () => {
      activities = await listedActivities(browser);
      return activities.length > 1000;
    },
    { timeout: 120_000, interval: 250, timeoutMsg: "the activity list did not fill" },
  );
  return activities;
}
