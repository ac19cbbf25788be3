// Layer 3: an automated accessibility audit (axe-core through
// @axe-core/playwright) of every screen and main sub-view, at 1024×768 (the
// smallest window Kaartbeheer is made for) and at 1600×1000. A serious or
// critical violation fails the test and is named (rule, impact, the first
// elements). At 1024×768 the window must also fit: nothing wider than the
// window, nothing in the section wider than the section (no sideways
// scrolling). WCAG 2.0–2.2 A and AA rules.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");
const VIEWPORTS = [
  { name: "1024x768", width: 1024, height: 768 },
  { name: "1600x1000", width: 1600, height: 1000 },
];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Serious and critical violations on the page as it is now, as readable lines. */
async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/** What is wider than the window or than the section it is in. */
async function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`page ${doc.scrollWidth}px > ${window.innerWidth}px`);
    const main = document.querySelector("main");
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`section ${main.scrollWidth}px > ${main.clientWidth}px`);
    return out;
  });
}

const section = (page, name) => page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("button", { name, exact: true });

/** Each view: how to get there from a fresh page, in the order a manager would. */
const VIEWS = [
  { name: "organisaties-gegevens", go: async (page) => page.getByLabel("Postcode bezoekadres").waitFor() },
  {
    name: "organisaties-aanbod",
    go: async (page) => {
      await page.getByRole("tab", { name: /Aanbod/ }).click();
      await page.getByTestId("offering-list").waitFor();
    },
  },
  {
    name: "aanbod-contactpersonen-koppelen",
    go: async (page) => {
      await page.getByRole("tab", { name: /Aanbod/ }).click();
      await page.getByTestId("offering-list").getByRole("button", { name: "Mantelzorgondersteuning" }).click();
      await page.getByTestId("offering-contacts-search").fill("s");
      await page.getByRole("button", { name: /koppelen aan dit aanbod/ }).first().waitFor();
    },
  },
  {
    name: "contactpersoon-bewerken-verwijderen",
    go: async (page) => {
      await page.getByRole("tab", { name: /Contactpersonen/ }).click();
      await page.getByTestId("contact-list").getByRole("button", { name: /Sjoerd/ }).click();
      await page.getByLabel("AGB-code").waitFor();
      await page.getByRole("button", { name: "Verwijderen" }).click();
      await page.getByRole("alertdialog").waitFor();
    },
  },
  {
    name: "niet-opgeslagen-vraag",
    go: async (page) => {
      await page.getByLabel("Postcode bezoekadres").fill("2311 CN");
      await section(page, "Profiel").click();
      await page.getByTestId("unsaved-dialog").getByRole("button", { name: "Verder bewerken" }).waitFor();
    },
  },
  {
    name: "activiteiten-aanmeldingen",
    go: async (page) => {
      await section(page, "Activiteiten & aanmeldingen").click();
      await page.getByTestId("activity-list").getByText("Open dag Sociaal Wijkteam").click();
      await page.getByTestId("signup-row").first().waitFor();
    },
  },
  {
    name: "activiteiten-export",
    go: async (page) => {
      await section(page, "Activiteiten & aanmeldingen").click();
      await page.getByTestId("activity-list").getByText("Open dag Sociaal Wijkteam").click();
      await page.getByTestId("signup-row").first().waitFor();
      await page.getByRole("button", { name: "Exporteren…" }).click();
      await page.getByTestId("export-panel").waitFor();
    },
  },
  {
    name: "controle",
    go: async (page) => {
      await section(page, "Controle").click();
      await page.getByTestId("due-list").waitFor();
    },
  },
  {
    name: "profiel",
    go: async (page) => {
      await section(page, "Profiel").click();
      await page.getByLabel("Naam *").waitFor();
    },
  },
  {
    name: "synchronisatie-conflict-bewerken",
    go: async (page) => {
      await section(page, "Synchronisatie").click();
      const first = page.getByTestId("conflicts").locator("article").first();
      await first.waitFor();
      await first.getByRole("button", { name: "Bewerken" }).click();
      await first.locator("form.edit input").first().waitFor();
    },
  },
  {
    name: "instellingen",
    go: async (page) => {
      await section(page, "Instellingen").click();
      await page.getByRole("heading", { level: 1, name: "Instellingen" }).waitFor();
    },
  },
  {
    name: "over",
    go: async (page) => {
      await section(page, "Over Kaartbeheer").click();
      await page.getByTestId("shortcut-list").waitFor();
    },
  },
  {
    name: "inloggen",
    query: "?scenario=signin",
    go: async (page) => page.getByLabel("Wachtwoord").waitFor(),
  },
  {
    name: "startfout",
    query: "?scenario=keyring",
    go: async (page) => page.getByTestId("startup-error").waitFor(),
  },
  {
    name: "english-organisations",
    query: "?lang=en",
    go: async (page) => page.getByRole("tab", { name: /Details/ }).waitFor(),
  },
];

describe("accessibility audit (screen, axe-core)", { timeout: 600_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  for (const viewport of VIEWPORTS) {
    test(`no serious or critical violation on any screen at ${viewport.name}`, async () => {
      const found = [];
      for (const view of VIEWS) {
        const page = await browser.open(view.query ?? "");
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await view.go(page);
        for (const line of await violations(page)) found.push(`${view.name}: ${line}`);
        if (viewport.width === 1024) {
          for (const line of await overflow(page)) found.push(`${view.name}: does not fit, ${line}`);
        }
        await browser.shot(page, join(SHOTS, `a11y-${viewport.name}-${view.name}.png`));
        await browser.finish(page);
      }
      assert.deepEqual(found, [], `accessibility problems:\n${found.join("\n")}`);
    });
  }
});
