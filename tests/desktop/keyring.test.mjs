// Layer 4: the real app when the OS keyring cannot be reached (its D-Bus
// session address points nowhere). The app must not crash and must not make
// a new store: it shows only a Dutch error screen, and the data folder holds
// no `kaart.db`.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openAppSession } from "../support/app-session.mjs";
import { APP_BINARY, artifactsDir } from "../support/paths.mjs";
import { startTauriDriver } from "../support/tauri-driver.mjs";

const SHOTS = artifactsDir("desktop");

describe("app without a reachable keyring (desktop)", { timeout: 180_000 }, () => {
  let driver;
  let browser;
  let home;

  before(async () => {
    assert.ok(existsSync(APP_BINARY), `app binary missing: ${APP_BINARY} (build it first)`);
    home = mkdtempSync(join(tmpdir(), "kaartbeheer-desktop-nokeyring-"));
    driver = await startTauriDriver({
      KAARTBEHEER_PROFILE: "test",
      KAARTBEHEER_SERVICE_URL: "http://127.0.0.1:9",
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, "no-such-bus")}`,
      XDG_DATA_HOME: join(home, "data"),
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_CACHE_HOME: join(home, "cache"),
    });
    browser = await openAppSession(driver);
  });

  after(async () => {
    try {
      await browser?.deleteSession();
    } catch {
      /* the app may be gone already */
    }
    await driver?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test("shows a Dutch error screen and creates no store", async () => {
    const screen = await browser.$('[data-testid="startup-error"]');
    await screen.waitForDisplayed({ timeout: 30_000 });
    assert.match(await browser.$("h1").getText(), /kan uw gegevens niet openen/);
    assert.equal(await browser.$('[role="alert"]').getAttribute("data-code"), "keyring");
    assert.equal(await browser.$("nav").isExisting(), false);
    await browser.pause(1500); // let WebKit paint the error screen before the photo
    await browser.saveScreenshot(join(SHOTS, "window-sleutelbos-fout.png"));
    assert.equal(existsSync(join(home, "data", "nl.kaartbeheer.app.test", "kaart.db")), false);
  });
});
