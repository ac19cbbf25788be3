// Layer 3: the keyboard alone. Sign in, open a contact person, edit, save,
// sync and open Synchronisatie with `page.keyboard` only — no click, no
// `fill`, no `focus()`. Reading the page (where the focus is, what it
// shows) is how the test sees; it never acts but through keys. Every stop
// the Tab key lands on must show a focus ring of at least 2px with a
// contrast of at least 3:1 against the background it is drawn on.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifactsDir } from "../support/paths.mjs";
import { startScreenBrowser } from "../support/screen-browser.mjs";

const SHOTS = artifactsDir("screen");

/** The focused element as a person would name it, and whether its focus ring shows. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { name: "", tag: "body", ring: false };
    const label = el.labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? "";
    const style = getComputedStyle(el);
    // What the ring is drawn on: the element itself when drawn inside it,
    // else the first ancestor with a background.
    let under = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
    let background = "rgb(255, 255, 255)";
    for (; under; under = under.parentElement) {
      const bg = getComputedStyle(under).backgroundColor;
      if (bg && bg !== "transparent" && !/rgba\(.*,\s*0\)$/.test(bg)) {
        background = bg;
        break;
      }
    }
    return {
      name: (label || el.textContent || "").replace(/\s+/g, " ").trim(),
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("role") ?? "",
      ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      ringColor: style.outlineColor,
      background,
    };
  });
}

/** WCAG contrast of two `rgb(…)` colours. */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Presses `key` (Tab or Shift+Tab) until the focus is on what `wanted`
 * accepts; fails after `limit` presses, or when a stop shows no focus ring.
 */
async function pressUntil(page, key, wanted, what, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (now.tag !== "body") {
      assert.ok(now.ring, `no visible focus ring on ${now.tag} "${now.name}"`);
      const ratio = contrast(now.ringColor, now.background);
      assert.ok(ratio >= 3, `focus ring on ${now.tag} "${now.name}": ${ratio.toFixed(2)}:1 against ${now.background}`);
    }
    if (wanted(now)) return now;
  }
  assert.fail(`${what} not reached with ${key} in ${limit} presses`);
}

describe("keyboard only (screen)", { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startScreenBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test("sign in, edit a contact, save, sync and open Synchronisatie without the mouse", async () => {
    const page = await browser.open("?scenario=signin");
    await page.getByLabel("Wachtwoord").waitFor();

    // Sign in.
    await pressUntil(page, "Tab", (f) => f.name === "Gebruikersnaam", "the user name");
    await page.keyboard.type("demo");
    await page.keyboard.press("Tab");
    await page.keyboard.type("demo");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Organisaties" }).waitFor();
    await page.getByTestId("pending-edits").waitFor();

    // To the tabs, and with the arrow keys to Contactpersonen.
    await pressUntil(page, "Tab", (f) => f.role === "tab", "the tabs");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    const tab = await focused(page);
    assert.match(tab.name, /^Contactpersonen/);
    await page.getByTestId("contact-list").waitFor();

    // Open a contact and change the function.
    await pressUntil(page, "Tab", (f) => f.name.startsWith("Daniëlle de Vries"), "Daniëlle de Vries");
    await page.keyboard.press("Enter");
    await pressUntil(page, "Tab", (f) => f.name === "Functie", "the field Functie");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Teamleider");

    // Save with Ctrl+S.
    await page.keyboard.press("Control+S");
    await page.getByText("Opgeslagen op deze computer.").waitFor();
    assert.equal(await page.getByLabel("Functie").inputValue(), "Teamleider");
    await browser.shot(page, join(SHOTS, "toetsenbord-opgeslagen.png"));

    // Sync with F5: the edit that waited goes out (and the window does not reload).
    await page.keyboard.press("F5");
    await page.getByTestId("pending-edits").waitFor({ state: "detached" });
    assert.equal(await page.getByLabel("Functie").inputValue(), "Teamleider", "no reload");

    // Back up to the sidebar and open Synchronisatie: focus lands on its heading.
    await pressUntil(page, "Shift+Tab", (f) => f.name === "Synchronisatie" && f.tag === "button", "Synchronisatie");
    await page.keyboard.press("Enter");
    await page.getByTestId("sync-summary").waitFor();
    const heading = await focused(page);
    assert.deepEqual([heading.tag, heading.name], ["h1", "Synchronisatie"]);
    assert.match(await page.getByTestId("sync-summary").locator(".muted").textContent(), /^\s*0 wijzigingen wachten/);
    await browser.shot(page, join(SHOTS, "toetsenbord-synchronisatie.png"));
    await browser.finish(page);
  });

  test("the organisation tabs follow the WAI-ARIA pattern", async () => {
    const page = await browser.open();
    const tabs = page.getByRole("tab");
    await tabs.first().waitFor();
    assert.deepEqual(
      await tabs.evaluateAll((els) => els.map((e) => e.getAttribute("tabindex"))),
      ["0", "-1", "-1"],
      "only the selected tab is in the Tab order",
    );
    const panel = page.getByRole("tabpanel");
    assert.equal(await panel.getAttribute("aria-labelledby"), await tabs.first().getAttribute("id"));
    assert.equal(await tabs.first().getAttribute("aria-controls"), await panel.getAttribute("id"));
    await pressUntil(page, "Tab", (f) => f.role === "tab", "the tabs");
    await page.keyboard.press("End");
    assert.match((await focused(page)).name, /^Contactpersonen/);
    assert.equal(await tabs.last().getAttribute("aria-selected"), "true");
    await page.keyboard.press("ArrowRight");
    assert.match((await focused(page)).name, /^Gegevens/, "Right wraps to the first");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Home");
    assert.match((await focused(page)).name, /^Gegevens/);
    await browser.finish(page);
  });

  test("typing not saved is not lost by going to another section", async () => {
    const page = await browser.open();
    const postcode = page.getByLabel("Postcode bezoekadres");
    await postcode.waitFor();
    await pressUntil(page, "Tab", (f) => f.name === "Postcode bezoekadres", "Postcode bezoekadres");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("2312ab");
    await pressUntil(page, "Shift+Tab", (f) => f.name === "Profiel" && f.tag === "button", "Profiel");
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("unsaved-dialog");
    await dialog.getByText("Wijzigingen nog niet opgeslagen").waitFor();
    assert.equal((await focused(page)).name, "Verder bewerken", "the safe choice has the focus");
    await page.keyboard.press("Escape");
    await dialog.getByText("Wijzigingen nog niet opgeslagen").waitFor({ state: "detached" });
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Organisaties");
    assert.equal(await postcode.inputValue(), "2312ab");
    await browser.finish(page);
  });
});
