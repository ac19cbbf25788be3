// Layer 3: the sign-up list of an activity with 20,000 sign-ups (mocked IPC,
// ui/src/mocks/screenSignups.ts answers a page at a time like the core):
// the list shows the count, scrolls to the very last sign-up while the page
// holds only a window of rows, searches, and opens one whole sign-up. The
// activity list above it: total, sorting, title search, the open row.
// Screenshots go to tests/artifacts/screen/.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

describe("sign-up list (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test("the activity list: its total, sorted by a header, searched by title, the open row marked", async () => {
    const page = await browser.open();
    await page.getByRole("button", { name: "Activiteiten & aanmeldingen", exact: true }).click();
    const list = page.getByTestId("activity-list");
    const count = page.getByTestId("activity-count");
    await count.getByText("3 activiteiten").waitFor();
    const titles = async () =>
      (await list.getByTestId("activity-row").getByRole("button").allTextContents()).map((s) => s.trim());
    const header = (name) => list.getByRole("columnheader", { name });
    assert.deepEqual(await titles(), ["Café voor mantelzorgers", "Open dag Sociaal Wijkteam", "Workshop Omgaan met geldzorgen"]);
    assert.equal(await header("Datum").getAttribute("aria-sort"), "ascending");
    assert.equal(await header("Status").getAttribute("aria-sort"), null);

    // Most sign-ups first, then the other way round.
    await header("Aanmeldingen").getByRole("button").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="activity-row"] button')?.textContent?.includes("Open dag"),
    );
    assert.equal(await header("Aanmeldingen").getAttribute("aria-sort"), "descending");
    assert.equal(await header("Datum").getAttribute("aria-sort"), "none");
    await header("Aanmeldingen").getByRole("button").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="activity-row"] button')?.textContent?.includes("Workshop"),
    );
    assert.equal(await header("Aanmeldingen").getAttribute("aria-sort"), "ascending");

    // Words of the title, accents folded.
    await page.getByTestId("activity-search").fill("cafe");
    await count.getByText("1 activiteit gevonden").waitFor();
    assert.deepEqual(await titles(), ["Café voor mantelzorgers"]);
    await page.getByTestId("activity-search").fill("zwemmen");
    await list.getByText("Geen activiteiten gevonden.").waitFor();
    await page.getByTestId("activity-search").fill("");
    await count.getByText("3 activiteiten").waitFor();

    // The open row is marked, and its sign-ups show below.
    await list.getByText("Open dag Sociaal Wijkteam").click();
    await page.getByTestId("signup-count").getByText("20.000 aanmeldingen").waitFor();
    const open = list.locator('[data-testid="activity-row"][aria-current="true"]');
    assert.equal(await open.count(), 1);
    assert.match(await open.textContent(), /Open dag Sociaal Wijkteam/);
    await browser.shot(page, join(SHOTS, "activiteiten-lijst.png"));
    await browser.finish(page);
  });

  test("20,000 sign-ups scroll to the end, search and open", async () => {
    const page = await browser.open();
    await page.getByRole("button", { name: "Activiteiten & aanmeldingen", exact: true }).click();
    const acts = page.getByTestId("activity-list");
    await acts.getByText("Open dag Sociaal Wijkteam").click();
    const count = page.getByTestId("signup-count");
    await count.getByText("20.000 aanmeldingen").waitFor();
    await page.getByTestId("signup-row").getByText("Deelnemer 1", { exact: true }).waitFor();
    // Only a window of the 20,000 rows is in the page.
    const rendered = await page.getByTestId("signup-row").count();
    assert.ok(rendered > 5 && rendered < 200, `rows in the page: ${rendered}`);
    await page.getByTestId("signup-scroll").scrollIntoViewIfNeeded();
    await browser.shot(page, join(SHOTS, "aanmeldingen-begin.png"));

    // To the very end.
    const scroll = page.getByTestId("signup-scroll");
    await scroll.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.getByTestId("signup-row").getByText("Deelnemer 20000", { exact: true }).waitFor();
    assert.ok((await page.getByTestId("signup-row").count()) < 200);
    await browser.shot(page, join(SHOTS, "aanmeldingen-einde.png"));

    // Search narrows the list; a row opens the whole sign-up.
    await page.getByTestId("signup-search").fill("deelnemer20000");
    await count.getByText("1 aanmelding gevonden").waitFor();
    await page.getByTestId("signup-row").first().click();
    const detail = page.getByTestId("signup-detail");
    await detail.getByText("deelnemer20000@voorbeeld.nl").waitFor();
    await browser.shot(page, join(SHOTS, "aanmelding-detail.png"));
    await browser.finish(page);
  });

  test("the attendance list prints only the sheet, with a column to tick", async () => {
    const page = await browser.open();
    await page.getByRole("button", { name: "Activiteiten & aanmeldingen", exact: true }).click();
    await page.getByTestId("activity-list").getByText("Café voor mantelzorgers").click();
    await page.getByTestId("signup-count").getByText("3 aanmeldingen").waitFor();
    await page.getByRole("button", { name: "Presentielijst…" }).click();
    const sheet = page.getByTestId("print-sheet");
    await sheet.getByText("3 aanmeldingen", { exact: true }).waitFor();
    assert.deepEqual(
      (await sheet.locator("th").allTextContents()).map((s) => s.trim()),
      ["#", "Naam", "E-mail", "Dieetwensen", "Status", "Aanwezig"],
    );
    assert.equal(await sheet.locator("tbody tr").count(), 3);
    await sheet.getByRole("checkbox", { name: "E-mail" }).uncheck();
    assert.deepEqual(
      (await sheet.locator("th").allTextContents()).map((s) => s.trim()),
      ["#", "Naam", "Dieetwensen", "Status", "Aanwezig"],
    );
    // As printed: the sheet without its controls, the window hidden.
    await page.evaluate(() => document.body.classList.add("printing"));
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#app").isVisible(), false);
    assert.equal(await sheet.getByRole("button", { name: "Afdrukken…" }).isVisible(), false);
    await sheet.getByText("Presentielijst: Café voor mantelzorgers").waitFor();
    await browser.shot(page, join(SHOTS, "presentielijst-afdruk.png"));
    await page.emulateMedia({ media: "screen" });
    await page.evaluate(() => document.body.classList.remove("printing"));
    await sheet.getByRole("button", { name: "Sluiten" }).click();
    await sheet.waitFor({ state: "detached" });
    await browser.finish(page);
  });
});
