// Layer 3: the window's language in the screen build (IPC mocked; the mock
// keeps the choice in the page's localStorage, so a reload is a restart).
// Dutch by default; English chosen in Instellingen changes the window at
// once, is still chosen after a reload, and Dutch comes back the same way.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

const DUTCH = ["Organisaties", "Activiteiten & aanmeldingen", "Controle", "Verzoeken", "Profiel", "Synchronisatie", "Instellingen", "Over Kaartbeheer"];
const ENGLISH = ["Organisations", "Activities & sign-ups", "Checking", "Requests", "Profile", "Synchronisation", "Settings", "About Kaartbeheer"];

describe("language (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  async function sidebar(page, name) {
    const items = await page.getByRole("navigation", { name }).getByRole("button").allTextContents();
    return items.map((s) => s.trim());
  }

  test("switches to English and back, and the choice outlives a restart", async () => {
    const page = await browser.open();
    await page.getByRole("heading", { level: 1 }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "nl");
    assert.deepEqual(await sidebar(page, "Hoofdmenu"), DUTCH);

    await page.getByRole("button", { name: "Instellingen", exact: true }).click();
    await page.getByTestId("settings-language").selectOption("en");
    // At once, without a reload: the heading, the sidebar, the status bar.
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
    assert.deepEqual(await sidebar(page, "Main menu"), ENGLISH);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.getByRole("button", { name: "Sign out", exact: true }).waitFor();
    await browser.shot(page, join(SHOTS, "settings-english.png"));

    // A restart (reload) starts in English.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Organisations" }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.deepEqual(await sidebar(page, "Main menu"), ENGLISH);
    await page.getByRole("button", { name: "Organisations", exact: true }).waitFor();
    await page.getByRole("tab", { name: /Contact persons/ }).waitFor();

    // And back to Dutch, kept as well.
    await page.getByRole("button", { name: "Settings", exact: true }).click();
    await page.getByTestId("settings-language").selectOption("nl");
    await page.getByRole("heading", { level: 1, name: "Instellingen" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Organisaties" }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "nl");
    assert.deepEqual(await sidebar(page, "Hoofdmenu"), DUTCH);
    await browser.finish(page);
  });

  test("an error from Rust reads in the chosen language", async () => {
    const page = await browser.open("?scenario=offline&lang=en");
    await page.getByRole("heading", { level: 1, name: "Organisations" }).waitFor();
    const alert = page.getByRole("alert").first();
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /No connection to the central service/);
    assert.match(text, /The central service cannot be reached/);
    assert.doesNotMatch(text, /centrale dienst/);
    await browser.finish(page);
  });
});
