// The real app in a WebdriverIO session, through tauri-driver: `startApp`
// for a desktop suite, `openAppSession` on a running driver. Creating the
// session is retried a few times: right after another suite's driver group
// was stopped, the first request can be cut off (UND_ERR_SOCKET). The final
// error carries tauri-driver's output.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remote } from "webdriverio";
import { APP_BINARY } from "./paths.mjs";
import { startTauriDriver } from "./tauri-driver.mjs";

export async function openAppSession(driver, attempts = 3, application = APP_BINARY) {
  let last;
  for (let i = 0; i < attempts; i++) {
    try {
      return await remote({
        hostname: "127.0.0.1",
        port: driver.port,
        logLevel: "warn",
        connectionRetryCount: 0,
        connectionRetryTimeout: 60_000,
        capabilities: {
          "tauri:options": { application },
          // WebKitWebDriver speaks classic WebDriver only, no BiDi.
          "wdio:enforceWebDriverClassic": true,
        },
      });
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`no session on the app: ${last?.message}\n${driver.output.join("")}`);
}

/**
 * Starts the real app for one desktop suite: its test identity
 * (`KAARTBEHEER_PROFILE=test`) and fresh XDG folders in a new temporary
 * `home`, so nothing is read from or left in a user's folders; `env(home)`
 * adds variables (e.g. `KAARTBEHEER_SERVICE_URL`). Resolves to
 * `{ browser, home, stop() }`; `stop` ends the session, the driver group and
 * removes `home`. The benches pass `home` (an existing folder, kept by
 * `stop`: the next start finds the same store) and `binary` (another app).
 */
export async function startApp({ name, env = () => ({}), home: keptHome, binary = APP_BINARY }) {
  assert.ok(existsSync(binary), `app binary missing: ${binary} (build it first)`);
  assert.ok(process.env.DISPLAY, "no DISPLAY: run under Xvfb (scripts/test.sh does)");
  const home = keptHome ?? mkdtempSync(join(tmpdir(), `kaartbeheer-desktop-${name}-`));
  let driver;
  let browser;
  const stop = async () => {
    try {
      await browser?.deleteSession();
    } catch {
      /* the app may be gone already */
    }
    await driver?.stop();
    if (!keptHome) rmSync(home, { recursive: true, force: true });
  };
  try {
    driver = await startTauriDriver({
      KAARTBEHEER_PROFILE: "test",
      XDG_DATA_HOME: join(home, "data"),
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_CACHE_HOME: join(home, "cache"),
      ...env(home),
    });
    browser = await openAppSession(driver, 3, binary);
  } catch (e) {
    await stop();
    throw e;
  }
  return { browser, home, stop };
}
