// Layer 4: the real app when the OS keyring cannot be reached (its D-Bus
// session address points nowhere). The app must not crash and must not make
// a new store: it shows only a Dutch error screen, and the data folder holds
// no `kaart.db`.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startApp } from "../support/app-session.mjs";
import { artifactsDir } from "../support/paths.mjs";
import { shootWindow } from "../support/screenshot.mjs";

const SHOTS = artifactsDir("desktop");

describe("app without a reachable keyring (desktop)", { timeout: 180_000 }, () => {
  let app;
  let browser;

  before(async () => {
    // The D-Bus session address points nowhere: no keyring.
    app = await startApp({
      name: "nokeyring",
      env: (home) => ({
        KAARTBEHEER_SERVICE_URL: "http://127.0.0.1:9",
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, "no-such-bus")}`,
      }),
    });
    browser = app.browser;
  });

  after(async () => {
    await app?.stop();
  });

  test("shows a Dutch error screen and creates no store", async () => {
    const screen = await browser.$('[data-testid="startup-error"]');
    await screen.waitForDisplayed({ timeout: 30_000 });
    assert.match(await browser.$("h1").getText(), /kan uw gegevens niet openen/);
    assert.equal(await browser.$('[role="alert"]').getAttribute("data-code"), "keyring");
    assert.equal(await browser.$("nav").isExisting(), false);
    await shootWindow(browser, join(SHOTS, "window-sleutelbos-fout.png"), '[data-testid="startup-error"] h1');
    assert.equal(existsSync(join(app.home, "data", "nl.kaartbeheer.app.test", "kaart.db")), false);
  });
});
