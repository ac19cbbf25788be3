// Screenshots that show what the window shows. A screenshot taken before the
// webview painted comes out one flat colour (blank white) while every
// element is already in the DOM; these helpers wait for painted content and
// then check the picture itself: a PNG of a single colour fails the test.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PNG } from "pngjs";

/** True when every pixel of the PNG in `buffer` has the same colour. */
export function isBlank(buffer) {
  const { data } = PNG.sync.read(buffer);
  const first = data.readUInt32BE(0);
  for (let i = 4; i < data.length; i += 4) {
    if (data.readUInt32BE(i) !== first) return false;
  }
  return true;
}

/** Fails when the PNG file at `path` is one flat colour. */
export function assertNotBlank(path) {
  assert.ok(!isBlank(readFileSync(path)), `${path} is a single colour: the window had not painted`);
}

/**
 * Desktop (WebdriverIO): waits until `selector` is displayed and has text,
 * lets the webview paint two frames, saves the window's screenshot to `path`
 * and checks that it is not blank.
 */
export async function shootWindow(browser, path, selector) {
  const ready = await browser.$(selector);
  await ready.waitForDisplayed({ timeout: 20_000 });
  await browser.waitUntil(async () => (await ready.getText()).trim().length > 0, {
    timeout: 20_000,
    timeoutMsg: `${selector} shows no text`,
  });
  await browser.execute(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))),
  );
  await browser.saveScreenshot(path);
  assertNotBlank(path);
}
