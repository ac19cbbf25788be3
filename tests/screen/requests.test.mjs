// Layer 3: a person's request in the window (mocked IPC, `mocks/screenPersons.ts`):
// the log shows the open request's deadline as a Dutch date; searching
// "zoe celik" without accents finds the made-up sign-up of Zoë Çelik, whose
// answers are corrected with the activity's form; the selection is exported (the save dialog's name holds no personal data) and
// deleted after the question, the outcome taking the focus.
// Screenshots: tests/artifacts/screen/verzoeken-*.png.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

describe("requests (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test("a person is found without accents, exported and deleted after a question", async () => {
    const page = await browser.open();
    await page.getByRole("button", { name: "Verzoeken", exact: true }).click();
    const log = page.getByTestId("request-log");
    await log.getByText("8 december 2026").waitFor();
    await log.getByText("Afgehandeld op 14 oktober 2026").waitFor();

    await page.getByLabel("Naam", { exact: true }).fill("zoe celik");
    await page.getByRole("button", { name: "Zoeken", exact: true }).click();
    const signups = page.getByTestId("found-signups");
    await signups.getByText("zoe.celik@example.org").waitFor();
    assert.match(await signups.textContent(), /Taalcafé/);
    await browser.shot(page, join(SHOTS, "verzoeken-gevonden.png"));

    // The sign-up's answers are corrected with its activity's form.
    await signups.getByRole("button", { name: "Corrigeren", exact: true }).click();
    const form = signups.getByTestId("signup-correction");
    assert.equal(await form.getByLabel("Naam").inputValue(), "Zoë Çelik");
    await form.getByLabel("Dieetwens").selectOption("Vegetarisch");
    await browser.shot(page, join(SHOTS, "verzoeken-corrigeren.png"));
    await form.getByRole("button", { name: "Correctie opslaan" }).click();
    await page.getByText(/^Correctie opgeslagen op deze computer/).waitFor();
    await signups.getByText("Vegetarisch").waitFor();

    await page.getByRole("button", { name: "Exporteren als CSV…" }).click();
    const done = page.getByTestId("requests-done");
    await done.waitFor();
    assert.match(await done.textContent(), /Opgeslagen in persoonsgegevens-\d{4}-\d{2}-\d{2}\.csv/);

    await page.getByRole("button", { name: "Selectie overal verwijderen…" }).click();
    await page.getByRole("button", { name: "Ja, overal verwijderen" }).click();
    await page.getByText(/^Verwijderd: contactpersonen 0, aanmeldingen 1\./).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "requests-done");
    await browser.shot(page, join(SHOTS, "verzoeken-verwijderd.png"));
    await browser.finish(page);
  });
});
