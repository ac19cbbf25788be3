// Opens a WebdriverIO session on the app through a running tauri-driver.
// Creating the session is retried a few times: right after another suite's
// driver group was stopped, the first request can be cut off
// (UND_ERR_SOCKET). The final error carries tauri-driver's output.

import { remote } from "webdriverio";
import { APP_BINARY } from "./paths.mjs";

export async function openAppSession(driver, attempts = 3) {
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
          "tauri:options": { application: APP_BINARY },
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
