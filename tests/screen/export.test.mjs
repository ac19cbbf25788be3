// Layer 3: exporting the sign-up list from the window (mocked IPC; the save
// dialog's `plugin:dialog|save` answers a path in the suggested name, the
// export answers how many sign-ups the list shows). The panel offers format,
// separator, BOM and columns with the personal-data notice; the export takes
// the list's search, and the suggested file name is the activity's title
// and date. Screenshot: tests/artifacts/screen/export-paneel.png.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

describe("export (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test("the export panel exports what the list shows", async () => {
    const page = await browser.open();
    await page.getByRole("button", { name: "Activiteiten & aanmeldingen", exact: true }).click();
    await page.getByTestId("activity-list").getByText("Open dag Sociaal Wijkteam").click();
    await page.getByTestId("signup-count").getByText("20.000 aanmeldingen").waitFor();
    await page.getByTestId("signup-search").fill("deelnemer2000");
    const count = page.getByTestId("signup-count");
    await count.getByText("aanmeldingen gevonden").waitFor();
    const shown = (await count.textContent()).trim().split(" ")[0];

    await page.getByRole("button", { name: "Exporteren…" }).click();
    const panel = page.getByTestId("export-panel");
    await panel.getByText("Het bestand is een kopie van persoonsgegevens.").waitFor();
    assert.equal(await panel.getByLabel("Puntkomma (;) — Nederlandse Excel").isChecked(), true);
    assert.equal(await panel.getByLabel(/Byte order mark/).isChecked(), true);
    const columns = panel.getByTestId("export-columns").getByRole("checkbox");
    assert.ok((await columns.count()) >= 3, "the list's columns are offered");
    await panel.getByRole("button", { name: "Status omhoog" }).click();
    await browser.shot(page, join(SHOTS, "export-paneel.png"));

    await panel.getByRole("button", { name: "Exporteren…" }).click();
    const done = panel.getByTestId("export-done");
    await done.waitFor();
    assert.match(
      await done.textContent(),
      new RegExp(`^\\s*${shown.replace(".", "\\.")}\\s+aanmeldingen opgeslagen in aanmeldingen-open-dag-sociaal-wijkteam-\\d{4}-\\d{2}-\\d{2}\\.csv\\.\\s*$`),
    );
    await browser.shot(page, join(SHOTS, "export-klaar.png"));
    await browser.finish(page);
  });
});
