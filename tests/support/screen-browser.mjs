// Debian's Chromium (through playwright-core, no browser download) on the
// screen build of the UI, served on 127.0.0.1. Every request off 127.0.0.1 is
// blocked. Each page remembers its own blocked requests and uncaught page
// errors, and `finish(page)` fails the test that opened it when either
// happened, so no test depends on what another test's page did.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { SCREEN_BUILD } from "./paths.mjs";
import { assertNotBlank } from "./screenshot.mjs";
import { serveDirectory } from "./static-server.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Serves the screen build and starts Chromium on a fresh profile. Resolves to
 * `{ open(query), shot(page, path, options), finish(page), close() }`: `open`
 * loads the UI (with e.g. `?scenario=offline`) in a new page; `shot` saves a
 * screenshot and fails when it is blank; `finish` asserts that the page made
 * no request off 127.0.0.1 and threw no error, and closes it.
 */
export async function startScreenBrowser() {
  const server = await serveDirectory(SCREEN_BUILD);
  const profileDir = mkdtempSync(join(tmpdir(), "kaartbeheer-chromium-"));
  /** page → { remote, pageErrors } */
  const seen = new WeakMap();
  let context;
  const close = async () => {
    await context?.close();
    await server.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 800 },
      locale: "nl-NL",
      timezoneId: "Europe/Amsterdam",
    });
    // A safety net for anything a page's own route (below) does not see.
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      return url.hostname === "127.0.0.1" ? route.continue() : route.abort();
    });
  } catch (e) {
    await close();
    throw e;
  }

  async function open(query = "") {
    const page = await context.newPage();
    const record = { remote: [], pageErrors: [] };
    seen.set(page, record);
    page.on("pageerror", (e) => record.pageErrors.push(e.message));
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      record.remote.push(url.href);
      return route.abort();
    });
    await page.goto(server.url + query);
    return page;
  }

  async function shot(page, path, options = {}) {
    await page.screenshot({ path, ...options });
    assertNotBlank(path);
  }

  async function finish(page) {
    const record = seen.get(page);
    await page.close();
    assert.deepEqual(record.remote, [], "requests beyond 127.0.0.1");
    assert.deepEqual(record.pageErrors, [], "uncaught errors in the page");
  }

  return { open, shot, finish, close };
}
