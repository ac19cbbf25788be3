// Layer 3: the working screens against mocked IPC with demo-like Dutch data
// (ui/src/mocks/screenData.ts): the organisation list and detail with a
// refused field, the sections Controle, Activiteiten, Profiel and
// Synchronisatie with its conflicts, the sign-in and the keyring error screen.
// Each test opens its own page and ends with `browser.finish(page)`: that
// page made no request off 127.0.0.1 and threw no error. Screenshots go to
// tests/artifacts/screen/ and fail the test when blank.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

describe("record screens (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  const open = (query = "") => browser.open(query);

  test("lists both organisations and shows the chosen one's details", async () => {
    const page = await open();
    const list = page.getByTestId("org-list");
    await list.getByRole("button").first().waitFor();
    const names = await list.locator(".name").allTextContents();
    assert.deepEqual(names, ["Stichting Welzijn Sleutelbloem", "Buurtcoöperatie De Óverkant"]);
    assert.equal(await page.getByTestId("org-name").textContent(), "Stichting Welzijn Sleutelbloem");
    assert.equal(await page.getByLabel("Postcode bezoekadres").inputValue(), "2311 CM");
    await page.getByTestId("sync-status").getByText("Verbonden").waitFor();
    assert.match(await page.getByTestId("conflict-count").textContent(), /2 conflicten/);
    await browser.shot(page, join(SHOTS, "organisatie-gegevens.png"));

    await list.getByRole("button", { name: /Óverkant/ }).click();
    await page.getByTestId("org-name").getByText("Buurtcoöperatie De Óverkant").waitFor();
    await browser.finish(page);
  });

  test("a refused postcode shows its message beside the field and keeps the input", async () => {
    const page = await open();
    const postcode = page.getByLabel("Postcode bezoekadres");
    await postcode.waitFor();
    await postcode.fill("2311cmx");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Vul een postcode in als 1234 AB.").waitFor();
    assert.equal(await postcode.inputValue(), "2311cmx");
    assert.equal(await postcode.getAttribute("aria-invalid"), "true");
    await browser.shot(page, join(SHOTS, "organisatie-veldfout.png"));
    await browser.finish(page);
  });

  test("contact persons with a pending marker, and the edit form", async () => {
    const page = await open();
    await page.getByRole("tab", { name: /Contactpersonen/ }).click();
    const list = page.getByTestId("contact-list");
    await list.getByText("Daniëlle de Vries").waitFor();
    assert.equal(await list.getByTestId("marker-pending").count(), 1);
    await list.getByRole("button", { name: /Sjoerd van 't Hoff/ }).click();
    assert.equal(await page.getByLabel("AGB-code").inputValue(), "12345678");
    await browser.shot(page, join(SHOTS, "organisatie-contactpersonen.png"));
    await browser.finish(page);
  });

  test("offerings: counted on the tab, listed by name, searched, and their contact persons linked by name", async () => {
    const page = await open();
    const tab = page.getByRole("tab", { name: /Aanbod/ });
    await page.getByTestId("count-offerings").getByText("2").waitFor();
    await tab.click();
    const list = page.getByTestId("offering-list");
    await list.getByRole("button", { name: "Mantelzorgondersteuning" }).waitFor();
    assert.deepEqual(await list.locator("[data-testid=offering-list-row] button.link").allTextContents(), [
      "Jongerenwerk Zuidwijk",
      "Mantelzorgondersteuning",
    ]);
    assert.deepEqual(await list.getByRole("columnheader").allTextContents(), ["Naam", "Doelgroep", "Gepubliceerd"]);

    await page.getByTestId("offering-list-search").fill("mantelzorg");
    await page.getByTestId("offering-list-count").getByText("1 gevonden").waitFor();
    assert.equal(await list.getByTestId("offering-list-row").count(), 1);
    await page.getByTestId("offering-list-search").fill("fietsen");
    await list.getByText("Geen aanbod gevonden met deze naam.").waitFor();
    await page.getByTestId("offering-list-search").fill("");

    await list.getByRole("button", { name: "Mantelzorgondersteuning" }).click();
    const contacts = page.getByTestId("offering-contacts");
    await contacts.getByTestId("offering-contacts-linked").getByText("Daniëlle de Vries").waitFor();
    await contacts.getByTestId("offering-contacts-search").fill("sjoerd");
    await contacts.getByRole("button", { name: "Sjoerd van 't Hoff koppelen aan dit aanbod" }).click();
    await contacts.getByTestId("offering-contacts-linked").getByText("Sjoerd van 't Hoff").waitFor();
    await contacts.getByRole("button", { name: "Daniëlle de Vries loskoppelen van dit aanbod" }).click();
    await contacts.getByTestId("offering-contacts-linked").getByText("Daniëlle de Vries").waitFor({ state: "detached" });
    await browser.shot(page, join(SHOTS, "organisatie-aanbod.png"));
    await browser.finish(page);
  });

  test("Synchronisatie shows conflicts side by side and refused edits", async () => {
    const page = await open();
    await page.getByRole("button", { name: "Synchronisatie", exact: true }).click();
    const conflicts = page.getByTestId("conflicts");
    await conflicts.locator("article").first().waitFor();
    assert.equal(await conflicts.locator("article").count(), 2);
    const first = conflicts.locator("article").first();
    assert.equal(await first.getByTestId("mine").textContent(), "06 1234 5678");
    assert.equal(await first.getByTestId("theirs").textContent(), "071 516 1250");
    assert.match(await first.textContent(), /Contactpersoon: Daniëlle de Vries/);
    for (const label of ["Behoud mijn versie", "Neem hun versie", "Bewerken"]) {
      assert.equal(await first.getByRole("button", { name: label }).count(), 1);
    }
    await page.getByTestId("rejected").getByText("Vul een postcode in als 1234 AB.").waitFor();
    await browser.shot(page, join(SHOTS, "synchronisatie-conflicten.png"), { fullPage: true });
    await browser.finish(page);
  });

  test("Controle, Activiteiten and Profiel show their data", async () => {
    const page = await open();
    await page.getByRole("button", { name: "Controle", exact: true }).click();
    const due = page.getByTestId("due-list");
    await due.waitFor();
    assert.match(await due.textContent(), /Mantelzorgondersteuning/);
    assert.match(await due.textContent(), /nooit/);
    await browser.shot(page, join(SHOTS, "controle.png"));

    await page.getByRole("button", { name: "Activiteiten & aanmeldingen", exact: true }).click();
    const acts = page.getByTestId("activity-list");
    await acts.getByText("Café voor mantelzorgers").click();
    assert.match(await acts.textContent(), /3 \/ 8/);
    const signups = page.getByTestId("signup-table");
    await signups.getByText("Mieke Bakker-Öztürk").waitFor();
    assert.deepEqual(
      (await signups.getByRole("columnheader").allTextContents()).map((s) => s.replace(/[▲▼]/g, "").trim()),
      ["Naam", "E-mail", "Dieetwensen", "Aangemeld op", "Status"],
    );
    await browser.shot(page, join(SHOTS, "activiteiten.png"));

    await page.getByRole("button", { name: "Profiel", exact: true }).click();
    assert.equal(await page.getByLabel("Naam *").inputValue(), "Daniëlle de Vries");
    await browser.shot(page, join(SHOTS, "profiel.png"));
    await browser.finish(page);
  });

  test("sign-in screen shows the error from Rust", async () => {
    const page = await open("?scenario=signin");
    await page.getByLabel("Gebruikersnaam").fill("demo");
    await page.getByLabel("Wachtwoord").fill("fout");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.getByText("De gebruikersnaam of het wachtwoord klopt niet.").waitFor();
    await browser.shot(page, join(SHOTS, "aanmelden-fout.png"));
    await browser.finish(page);
  });

  test("a lost store key at start shows only a Dutch error screen with a way to start over", async () => {
    const page = await open("?scenario=keyring");
    await page.getByTestId("startup-error").waitFor();
    assert.equal(await page.getByRole("navigation").count(), 0);
    assert.match(await page.getByRole("heading", { level: 1 }).textContent(), /kan uw gegevens niet openen/);
    await page.getByRole("button", { name: "Opnieuw beginnen…" }).waitFor();
    await browser.shot(page, join(SHOTS, "sleutelbos-fout.png"));
    await browser.finish(page);
  });
});
