// Debian's Chromium (through playwright-core, no browser download) on the
// screen build of the UI, served on 127.0.0.1. Every request off 127.0.0.1 is
// blocked and remembered in `remote`; uncaught page errors go to
// `pageErrors`, so a suite can assert both stay empty.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { SCREEN_BUILD } from "./paths.mjs";
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
 * `{ open(query), remote, pageErrors, close() }`; `open` loads the UI (with
 * e.g. `?scenario=offline`) in a new page.
 */
export async function startScreenBrowser() {
  const server = await serveDirectory(SCREEN_BUILD);
  const profileDir = mkdtempSync(join(tmpdir(), "kaartbeheer-chromium-"));
  const remote = [];
  const pageErrors = [];
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
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      remote.push(url.href);
      return route.abort();
    });
  } catch (e) {
    await close();
    throw e;
  }

  async function open(query = "") {
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url + query);
    return page;
  }

  return { open, remote, pageErrors, close };
}
