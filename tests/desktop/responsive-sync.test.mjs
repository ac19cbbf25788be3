// Layer 4: the window stays usable while a large first sync stores its
// pages. The real `kaart-server` serves the bench set with fewer sign-ups
// (5,000 records and SIGNUPS sign-ups: 1 + SIGNUPS/5,000 pages of the changes
// feed); the real app reaches it through `feed-watch.mjs`, a forwarding proxy
// that notes when each feed page was handed over in full and when the next
// one was asked for. The app asks for page k+1 only after it has stored page
// k (one transaction with its cursor), so in between it is parsing page k
// (about the first 40 % of that time in the debug build) and writing it.
//
// Each check is an order of events, not a timing. After page k arrived and
// INTO_STORING of the time the previous page took to store has passed (so
// the app is writing), an interaction starts — read the profile by opening
// "Profiel", type in a field, switch to "Synchronisatie" — and it passes
// when it is complete in the DOM before the app asked for page k+1, the
// status bar still counts page k as not received, and still shows the sync
// running. A window whose reads wait for the store while a page is written
// completes them only after that page is stored, so it fails; typing, which
// reads nothing from the store, passes either way. Each interaction gets up
// to ATTEMPTS pages; what happened on each is in the failure message.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startApp } from "../support/app-session.mjs";
import { startFeedWatch } from "../support/feed-watch.mjs";
import { seedKaartServerDb, serveKaartServerDb } from "../support/kaart-server.mjs";
import { leaveDiscardingTyping, signInThroughWindow, statusBar, switchSection, typeInto } from "../support/window-use.mjs";

const SIGNUPS = 50_000;
const ATTEMPTS = 3;
/** Changes per page of the feed (the app asks for the service's maximum). */
const PAGE = 5_000;
/** Start this share of the previous page's storing time after a page arrived. */
const INTO_STORING = 0.7;

describe("the window during a large first sync (desktop)", { timeout: 240_000 }, () => {
  let dir;
  let server;
  let watch;
  let app;
  let browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kaartbeheer-responsive-"));
    const db = join(dir, "kaart.sqlite");
    await seedKaartServerDb(db, "bench", ["--signups", String(SIGNUPS)]);
    server = await serveKaartServerDb(db);
    watch = await startFeedWatch(server.url);
    app = await startApp({ name: "responsive", env: () => ({ KAARTBEHEER_SERVICE_URL: watch.url }) });
    browser = app.browser;
    await signInThroughWindow(browser, "bench", "bench");
    // Page 0 holds the organisation and its 4,999 records; wait until it is
    // stored (page 1 asked for), so every section has something to show.
    await browser.waitUntil(async () => ((await statusBar(browser)).received ?? 0) >= PAGE, {
      timeout: 120_000,
      interval: 100,
      timeoutMsg: "the first page of the first sync was not stored",
    });
  });

  after(async () => {
    await app?.stop();
    await watch?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs `prepare`, then `action` while the app stores a page; passes when,
   * in one of ATTEMPTS pages, the action completed before the app asked for
   * the next page and the status bar still showed the sync running.
   */
  async function whileStoringAPage(what, prepare, action) {
    const tries = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      await prepare();
      const k = await watch.nextDelivery(30_000);
      const pages = watch.pages;
      const previous = pages[k].asked - pages[k - 1].delivered;
      await sleep(previous * INTO_STORING);
      const before = await statusBar(browser);
      if (pages[k + 1] || before.received !== k * PAGE) {
        tries.push(`page ${k}: stored before the interaction could start ("${before.text}")`);
        continue;
      }
      const started = performance.now();
      await action();
      const done = performance.now();
      const after = await statusBar(browser);
      const next = pages[k + 1]?.asked;
      const line =
        `page ${k}: arrived, ${Math.round(started - pages[k].delivered)} ms later ${what} started, ` +
        `${Math.round(done - started)} ms later done; next page asked ` +
        (next === undefined ? "not yet" : `${Math.round(next - started)} ms after the start`) +
        `; status bar "${before.text}" → "${after.text}"`;
      tries.push(line);
      // The order: done before the app asked for page k+1, and the status bar
      // still counts only pages 0..k-1 as received (page k not yet stored).
      if ((next === undefined || next > done) && after.received === before.received) {
        for (const t of tries) console.log(`  ${t}`);
        assert.ok(after.syncing, `the status bar shows the sync still running after ${what}: "${after.text}"`);
        return;
      }
    }
    assert.fail(`${what} never completed while the app stored a page:\n  ${tries.join("\n  ")}`);
  }

  test("the organisation shows once the first page is stored, while the sync still runs", async () => {
    // Signing in opened "Organisaties" before the sync had brought anything;
    // the first page (stored in `before`) holds the organisation. It must show
    // without the manager opening the section again, before the sync ends.
    assert.equal(await browser.$("main").getAttribute("data-section"), "organisaties");
    let seen;
    await browser.waitUntil(
      async () => {
        // One read of both, so "still syncing" and the name are of one moment.
        seen = await browser.execute(() => ({
          status: document.querySelector('[data-testid="sync-status"]')?.textContent?.replace(/\s+/g, " ").trim() ?? "",
          name: document.querySelector('[data-testid="org-name"]')?.textContent?.trim() ?? "",
        }));
        return seen.name !== "" || !seen.status.startsWith("Synchroniseren");
      },
      { timeout: 120_000, interval: 100, timeoutMsg: "neither the organisation showed nor the sync ended" },
    );
    assert.ok(
      seen.status.startsWith("Synchroniseren"),
      `the organisation showed only once the sync had ended (status bar "${seen.status}")`,
    );
  });

  test("reading a record (the profile, in Profiel) completes while a page is stored", async () => {
    await whileStoringAPage(
      "opening Profiel",
      () => switchSection(browser, "over"),
      () => switchSection(browser, "profiel", { expect: "bench" }),
    );
  });

  test("typing in a field completes while a page is stored", async () => {
    let n = 0;
    await whileStoringAPage(
      "typing in Aanspreekvorm",
      async () => {
        if ((await browser.$("main").getAttribute("data-section")) !== "profiel") {
          await switchSection(browser, "profiel", { expect: "bench" });
        }
      },
      () => typeInto(browser, "#profiel-salutation", `mevrouw ${++n}`),
    );
  });

  test("switching sections (to Synchronisatie) completes while a page is stored", async () => {
    // The typing above was never saved: leaving Profiel asks first, and the
    // typing is given up once.
    if ((await browser.$("main").getAttribute("data-section")) === "profiel") {
      await leaveDiscardingTyping(browser, "over");
    }
    await whileStoringAPage(
      "opening Synchronisatie",
      () => switchSection(browser, "over"),
      () => switchSection(browser, "synchronisatie"),
    );
  });
});
