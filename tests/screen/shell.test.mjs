// Layer 3: screen tests. The screen build of the UI (ui/dist-screen, IPC
// mocked) served on 127.0.0.1 and opened in Debian's Chromium through
// playwright-core. No browser is downloaded; no request may leave 127.0.0.1
// (each test checks its own page with `browser.finish`).

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

describe("app shell (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  async function open(query = "") {
    const page = await browser.open(query);
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
      ["Organisaties", "Activiteiten & aanmeldingen", "Controle", "Verzoeken", "Profiel", "Synchronisatie", "Instellingen", "Over Kaartbeheer"],
    );
    await page.getByTestId("demo-badge").waitFor();
    await browser.shot(page, join(SHOTS, "shell-organisaties.png"));
    await browser.finish(page);
  });

  test("navigates to each section and shows About from app_info", async () => {
    const page = await open();
    for (const label of ["Activiteiten & aanmeldingen", "Controle", "Profiel", "Synchronisatie"]) {
      await page.getByRole("button", { name: label, exact: true }).click();
      assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), label);
    }
    await page.getByRole("button", { name: "Over Kaartbeheer" }).click();
    assert.equal(await page.getByTestId("app-version").textContent(), "0.1.0-screen");
    await browser.shot(page, join(SHOTS, "about.png"));
    await browser.finish(page);
  });

  test("explains an offline central service in Dutch", async () => {
    const page = await open("?scenario=offline");
    await page.getByRole("button", { name: "Over Kaartbeheer" }).click();
    const alert = page.getByRole("alert");
    assert.match(await alert.textContent(), /Geen verbinding met de centrale dienst/);
    assert.equal(await alert.getAttribute("data-code"), "offline");
    await browser.shot(page, join(SHOTS, "about-offline.png"));
    await browser.finish(page);
  });
});
