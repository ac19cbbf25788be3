// Layer 3: the window's language in the screen build (IPC mocked; the mock
// keeps the choice in the page's localStorage, so a reload is a restart).
// Dutch by default; English chosen in Instellingen changes the window at
// once, is still chosen after a reload, and Dutch comes back the same way.
// An activity screen (list, sign-ups, editor, form builder, a check before
// saving) reads English throughout when English is chosen, with English
// dates and numbers.

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

  test("an activity screen reads English throughout, dates and numbers included", async () => {
    const page = await browser.open("?lang=en");
    await page.getByRole("heading", { level: 1, name: "Organisations" }).waitFor();
    await page.getByRole("button", { name: "Activities & sign-ups", exact: true }).click();
    const list = page.getByTestId("activity-list");
    await list.getByText("Café voor mantelzorgers").waitFor();
    const headers = (await list.getByRole("columnheader").allTextContents()).map((s) => s.replace(/[▲▼]/g, "").trim());
    assert.deepEqual(headers, ["Activity", "Date", "Status", "Sign-ups", "Places left"]);
    const row = list.getByTestId("activity-row").filter({ hasText: "Café voor mantelzorgers" });
    const cells = (await row.getByRole("cell").allTextContents()).map((s) => s.trim());
    // An English date ("12 Dec 2026, 19:30"), an English status.
    assert.match(cells[1], /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}/);
    assert.equal(cells[2], "published");
    await page.getByRole("radio", { name: "Upcoming" }).waitFor();

    // The sign-ups of the activity: their count, filter and table in English.
    await list.getByText("Café voor mantelzorgers").click();
    await page.getByRole("heading", { name: "Sign-ups: Café voor mantelzorgers" }).waitFor();
    assert.match(await page.getByTestId("signup-count").textContent(), /^\s*[\d,]+ sign-ups?\s*$/);
    await page.getByRole("button", { name: "Attendance list…" }).waitFor();
    await page.getByRole("button", { name: "Export…" }).waitFor();

    // The editor and its form builder.
    await page.getByTestId("activity-tools").getByRole("button", { name: "Edit" }).click();
    const editor = page.getByTestId("activity-editor");
    await editor.getByRole("heading", { name: "Edit activity" }).waitFor();
    const builder = editor.getByTestId("form-builder");
    await builder.getByRole("heading", { name: "Sign-up form" }).waitFor();
    await builder.getByText("Ask no more than this activity needs").waitFor();
    const types = await builder.getByLabel("Type", { exact: true }).first().locator("option").allTextContents();
    assert.deepEqual(types, [
      "Short text",
      "Long text",
      "Email address",
      "Phone number",
      "Number",
      "Date",
      "Choice from a list",
      "Tick box (yes or no)",
    ]);
    // A check before saving, worded in English beside its field.
    await editor.getByLabel("Title *").fill("");
    await editor.getByRole("button", { name: "Save", exact: true }).click();
    await editor.getByText("Please enter a title.").waitFor();

    // No Dutch words of the window anywhere in the section, options of
    // closed lists and hidden labels included (the activity's and
    // participants' own data stay as they are).
    const text = await page.locator("main").evaluate((main) => main.textContent);
    const DUTCH_WORDS = [
      /aanmelding/i,
      /afgemeld/i,
      /\bAlle\b/,
      /Zoeken/,
      /Presentielijst/,
      /Exporteren/,
      /Bewerken/,
      /Dupliceren/,
      /Opslaan/,
      /\bVraag\b/,
      /Verplicht/,
      /gepubliceerd/,
      /Komend/,
      /Sluiten/,
      /Vul een titel/,
      /Laden|geladen/,
    ];
    for (const dutch of DUTCH_WORDS) assert.doesNotMatch(text, dutch);
    await browser.shot(page, join(SHOTS, "activity-english.png"));
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
