// Layer 4: the real app binary (target/debug/kaartbeheer) in a real WebKitGTK
// window, driven through tauri-driver + WebKitWebDriver with WebdriverIO.
// scripts/test.sh runs this under Xvfb, inside a D-Bus session with an
// unlocked gnome-keyring, with KAARTBEHEER_PROFILE=test so the app uses its
// test identity and never touches a user's data. No KAARTBEHEER_SERVICE_URL:
// demo mode, the app runs its embedded central service and signs in itself.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startApp } from "../support/app-session.mjs";
import { REPO, artifactsDir } from "../support/paths.mjs";
import { shootWindow } from "../support/screenshot.mjs";

const SHOTS = artifactsDir("desktop");

/** The version Rust reports: the workspace version in Cargo.toml. */
function workspaceVersion() {
  const toml = readFileSync(join(REPO, "Cargo.toml"), "utf8");
  const section = toml.slice(toml.indexOf("[workspace.package]"));
  return /^version\s*=\s*"([^"]+)"/m.exec(section)[1];
}

describe("app shell in demo mode (desktop)", { timeout: 180_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp({ name: "demo" });
    browser = app.browser;
  });

  after(async () => {
    await app?.stop();
  });

  async function heading() {
    const h1 = await browser.$("h1");
    await h1.waitForDisplayed({ timeout: 20_000 });
    return h1.getText();
  }

  test("the window opens on Organisaties", async () => {
    assert.equal(await heading(), "Organisaties");
    assert.equal(await browser.getTitle(), "Kaartbeheer");
    const brand = await browser.$(".brand").getText();
    assert.equal(brand, "Kaartbeheer");
  });

  test("shows the demo organisations from the embedded service, synced", async () => {
    await browser.$('nav button[data-section="organisaties"]').click();
    try {
      await browser.waitUntil(
        async () => (await browser.$$('[data-testid="org-list"] .name')).length === 2,
        { timeout: 30_000, timeoutMsg: "the two demo organisations did not appear" },
      );
    } catch (e) {
      await browser.saveScreenshot(join(SHOTS, "window-organisaties-failed.png"));
      throw e;
    }
    for (const name of await browser.$$('[data-testid="org-list"] .name')) {
      assert.ok((await name.getText()).trim().length > 0);
    }
    const orgName = await browser.$('[data-testid="org-name"]');
    await orgName.waitForDisplayed({ timeout: 20_000 });
    await browser.waitUntil(
      async () => (await browser.$('[data-testid="sync-status"]').getText()).includes("Verbonden"),
      { timeout: 30_000, timeoutMsg: "the status bar never said Verbonden" },
    );
    assert.match(await browser.$('[data-testid="last-synced"]').getText(), /Laatst gesynchroniseerd/);
    assert.ok(await browser.$('[data-testid="demo-badge"]').isDisplayed());
    await shootWindow(browser, join(SHOTS, "window-organisaties.png"), '[data-testid="org-name"]');
  });

  test("the sidebar navigates between sections", async () => {
    for (const [id, label] of [
      ["activiteiten", "Activiteiten & aanmeldingen"],
      ["controle", "Controle"],
      ["synchronisatie", "Synchronisatie"],
      ["profiel", "Profiel"],
      ["instellingen", "Instellingen"],
    ]) {
      await browser.$(`nav button[data-section="${id}"]`).click();
      assert.equal(await heading(), label);
    }
  });

  test("About shows the version Rust reports", async () => {
    await browser.$('nav button[data-section="over"]').click();
    const version = await browser.$('[data-testid="app-version"]');
    await version.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await version.getText(), workspaceVersion());
    await shootWindow(browser, join(SHOTS, "window-about.png"), '[data-testid="app-version"]');
  });

  test("the app keeps its files under the test identifier only", () => {
    const found = ["data", "cache", "config"].flatMap((kind) => {
      const dir = join(app.home, kind);
      return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith("nl.kaartbeheer")) : [];
    });
    assert.ok(found.length > 0, "the app wrote nothing under its identifier");
    assert.deepEqual([...new Set(found)], ["nl.kaartbeheer.app.test"]);
  });
});
