// Layer 3: screen tests. The screen build of the UI (ui/dist-screen, IPC
// mocked) served on 127.0.0.1 and opened in Debian's Chromium through
// playwright-core. No browser is downloaded; no request may leave 127.0.0.1.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { serveDirectory } from "../support/static-server.mjs";
import { SCREEN_BUILD, artifactsDir } from "../support/paths.mjs";

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
const SHOTS = artifactsDir("screen");

describe("app shell (screen)", { timeout: 120_000 }, () => {
  let server;
  let context;
  let profileDir;
  const remote = [];
  const pageErrors = [];

  before(async () => {
    server = await serveDirectory(SCREEN_BUILD);
    profileDir = mkdtempSync(join(tmpdir(), "kaartbeheer-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 800 },
      locale: "nl-NL",
    });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      remote.push(url.href);
      return route.abort();
    });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  async function open(query = "") {
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url + query);
    await page.getByRole("heading", { level: 1 }).waitFor();
    return page;
  }

  test("opens on Organisaties with the Dutch sidebar", async () => {
    const page = await open();
    assert.equal(await page.title(), "Kaartbeheer");
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Organisaties");
    const items = await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("button").allTextContents();
    assert.deepEqual(
      items.map((s) => s.trim()),
      ["Organisaties", "Activiteiten & aanmeldingen", "Controle", "Profiel", "Synchronisatie", "Over Kaartbeheer"],
    );
    await page.getByTestId("demo-badge").waitFor();
    await page.screenshot({ path: join(SHOTS, "shell-organisaties.png") });
    await page.close();
  });

  test("navigates to each section and shows About from app_info", async () => {
    const page = await open();
    for (const label of ["Activiteiten & aanmeldingen", "Controle", "Profiel", "Synchronisatie"]) {
      await page.getByRole("button", { name: label, exact: true }).click();
      assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), label);
    }
    await page.getByRole("button", { name: "Over Kaartbeheer" }).click();
    assert.equal(await page.getByTestId("app-version").textContent(), "0.1.0-screen");
    await page.screenshot({ path: join(SHOTS, "about.png") });
    await page.close();
  });

  test("explains an offline central service in Dutch", async () => {
    const page = await open("?scenario=offline");
    await page.getByRole("button", { name: "Over Kaartbeheer" }).click();
    const alert = page.getByRole("alert");
    assert.match(await alert.textContent(), /Geen verbinding met de centrale dienst/);
    assert.equal(await alert.getAttribute("data-code"), "offline");
    await page.screenshot({ path: join(SHOTS, "about-offline.png") });
    await page.close();
  });

  test("made no request beyond 127.0.0.1 and threw no page errors", () => {
    assert.deepEqual(remote, []);
    assert.deepEqual(pageErrors, []);
  });
});
