// Layer 3: making and changing activities and their sign-up forms, against
// the mocked IPC (ui/src/mocks/screen.ts: edits answer as if saved). The
// builder is used with the keyboard the way a manager without a mouse would:
// a field added and named, moved with Alt+↑ while its question keeps the
// focus, another removed, one dragged by its handle (with the warning that the answers already given
// stay), the preview shown; a new activity with an end before its start
// gets a Dutch message beside the field and keeps what was typed. Each test
// opens its own page and ends with `browser.finish(page)`; screenshots go to
// tests/artifacts/screen/ and fail the test when blank.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

describe("activities and sign-up forms (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  async function openActivities() {
    const page = await browser.open();
    await page.getByRole("button", { name: "Activiteiten & aanmeldingen", exact: true }).click();
    await page.getByTestId("activity-list").getByText("Café voor mantelzorgers").click();
    return page;
  }

  /** Drags `handle` onto `target` with the mouse in small steps, as a hand does (both must fit in view). */
  async function dragOnto(page, handle, target) {
    await target.evaluate((el) => el.scrollIntoView({ block: "start" }));
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y - 20, { steps: 5 });
    await page.mouse.move(to.x + 30, to.y + 10, { steps: 10 });
    await page.waitForTimeout(100);
    await page.mouse.move(to.x + 32, to.y + 12);
    await page.mouse.up();
  }

  const questions = (builder) =>
    builder.getByLabel("Vraag", { exact: true }).evaluateAll((inputs) => inputs.map((i) => i.value));

  test("the form builder: add a field, move it by keyboard, remove one, preview", async () => {
    const page = await openActivities();
    await page.getByTestId("activity-tools").getByRole("button", { name: "Bewerken" }).click();
    const editor = page.getByTestId("activity-editor");
    const builder = editor.getByTestId("form-builder");
    await builder.getByText("Vraag niet meer dan nodig").waitFor();
    assert.deepEqual(await questions(builder), ["Naam", "E-mail", "Dieetwensen"]);

    await builder.getByRole("button", { name: "Veld toevoegen" }).click();
    const added = builder.getByLabel("Vraag", { exact: true }).nth(3);
    assert.equal(await added.evaluate((el) => el === document.activeElement), true, "the new field's question has the focus");
    await page.keyboard.type("Allergieën");
    await page.keyboard.press("Tab");
    await builder.getByText("Sleutel: allergieen").waitFor();
    await builder.getByLabel("Soort").nth(3).selectOption({ label: "Lange tekst" });
    await builder.getByLabel("Uitleg onder het veld (niet verplicht)").nth(3).fill("Alleen als het nodig is voor het eten.");

    // Move it up twice from its question with Alt+↑; the focus stays on it.
    await added.focus();
    await page.keyboard.press("Alt+ArrowUp");
    await page.keyboard.press("Alt+ArrowUp");
    assert.deepEqual(await questions(builder), ["Naam", "Allergieën", "E-mail", "Dieetwensen"]);
    const focused = await page.evaluate(() => document.activeElement?.value);
    assert.equal(focused, "Allergieën");
    assert.equal(
      await builder.getByTestId("builder-announcement").textContent(),
      "Veld ‘Allergieën’ staat nu op plaats 2 van 4.",
    );
    // Renaming keeps the key made from the first name.
    await page.keyboard.press("End");
    await page.keyboard.type(" of dieet");
    await page.keyboard.press("Tab");
    assert.deepEqual(await questions(builder), ["Naam", "Allergieën of dieet", "E-mail", "Dieetwensen"]);
    await builder.getByText("Sleutel: allergieen", { exact: true }).waitFor();

    // Remove E-mail: this activity has sign-ups, so the answers' fate is told.
    await builder.getByRole("button", { name: "Veld ‘E-mail’ verwijderen" }).click();
    assert.deepEqual(await questions(builder), ["Naam", "Allergieën of dieet", "Dieetwensen"]);
    const warning = builder.getByTestId("removed-warning");
    assert.match(await warning.textContent(), /zijn al 3 aanmeldingen\. De antwoorden die al gegeven zijn blijven bewaard/);
    await warning.scrollIntoViewIfNeeded();
    await browser.shot(page, join(SHOTS, "activiteit-formulier.png"));

    // With the mouse: drag Dieetwensen by its handle onto the first field.
    await dragOnto(page, builder.locator("[data-role=drag]").nth(2), builder.getByRole("listitem").first());
    assert.deepEqual(await questions(builder), ["Dieetwensen", "Naam", "Allergieën of dieet"]);

    await editor.getByRole("button", { name: "Voorbeeld bekijken" }).click();
    const preview = editor.getByTestId("form-preview");
    assert.deepEqual(
      (await preview.locator(".field > .label").allTextContents()).map((s) => s.trim()),
      ["Dieetwensen", "Naam *", "Allergieën of dieet"],
    );
    await preview.getByText("Alleen als het nodig is voor het eten.").waitFor();
    assert.equal(await preview.getByRole("radio").count(), 3);
    assert.equal(await preview.locator("textarea").isDisabled(), true);
    await preview.scrollIntoViewIfNeeded();
    await browser.shot(page, join(SHOTS, "activiteit-formulier-voorbeeld.png"));

    await editor.getByRole("button", { name: "Opslaan", exact: true }).click();
    await editor.waitFor({ state: "detached" });
    await browser.finish(page);
  });

  test("a new activity: an end before its start is said beside the field, nothing typed is lost", async () => {
    const page = await openActivities();
    await page.getByRole("button", { name: "Nieuwe activiteit" }).click();
    const editor = page.getByTestId("activity-editor");
    await editor.getByLabel("Titel *").fill("Nachtwandeling");
    await editor.getByLabel("Begint: datum").fill("29-03-2026");
    await editor.getByLabel("Begint: tijd").fill("01:30");
    await editor.getByLabel("Eindigt: datum").fill("29-03-2026");
    await editor.getByLabel("Eindigt: tijd").fill("01:00");
    await editor.getByText("zondag 29 maart 2026 om 01:30 (Nederlandse tijd)").waitFor();
    await editor.getByRole("button", { name: "Activiteit opslaan" }).click();
    const message = editor.getByText("Het einde ligt vóór het begin. Kies een later einde.");
    await message.waitFor();
    await message.scrollIntoViewIfNeeded();
    assert.equal(await editor.getByLabel("Eindigt: tijd").inputValue(), "01:00");
    assert.equal(await editor.getByLabel("Titel *").inputValue(), "Nachtwandeling");
    await browser.shot(page, join(SHOTS, "activiteit-nieuw-fout.png"));

    await editor.getByLabel("Eindigt: tijd").fill("03:30");
    await editor.getByRole("button", { name: "Activiteit opslaan" }).click();
    await editor.waitFor({ state: "detached" });
    await browser.finish(page);
  });
});
