// Layer 4: Instellingen in the real app against the real `kaart-server`
// (seeded demo set). The window's language: switched to English, kept over a
// restart of the app, switched back to Dutch. Then "sign out and delete this
// computer's data": the old store file and its key are gone (read with
// `secret-tool`, libsecret's own tool, not the app's code), no session token
// is left in the keyring, and the next start of the app is a clean sign-in.
//
// The app is restarted on the same home folder (`startApp({ home })`), as a
// manager closes and opens it again; the same D-Bus session keeps the keyring.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startKaartServer } from "../support/kaart-server.mjs";
import { startApp } from "../support/app-session.mjs";
import { artifactsDir } from "../support/paths.mjs";
import { shootWindow } from "../support/screenshot.mjs";
import { signInThroughWindow } from "../support/window-use.mjs";

const SHOTS = artifactsDir("desktop");
/** The app's identifier under KAARTBEHEER_PROFILE=test; its keyring service adds ".sync". */
const APP_ID = "nl.kaartbeheer.app.test";
const KEYRING_SERVICE = `${APP_ID}.sync`;

/**
 * Every keyring entry of the app's service, as libsecret's `secret-tool`
 * finds them: `[{ username, secret }]`.
 */
function keyringEntries() {
  // secret-tool writes each item's label and secret to stdout and its
  // attributes to stderr, one item after the other: read both in order.
  const out = spawnSync("sh", ["-c", `secret-tool search --all --unlock service '${KEYRING_SERVICE}' 2>&1`], {
    encoding: "utf8",
  });
  assert.equal(out.status, 0, `secret-tool failed: ${out.stdout}`);
  return out.stdout
    .split(/^\[/m)
    .slice(1)
    .map((block) => ({
      username: /^attribute\.username = (.*)$/m.exec(block)?.[1] ?? "",
      secret: /^secret = (.*)$/m.exec(block)?.[1] ?? "",
    }));
}

describe("Instellingen: language and deleting this computer's data (desktop)", { timeout: 300_000 }, () => {
  let server;
  let app;
  let browser;
  // One home for every start of the app: a restart finds the same data folder.
  const home = mkdtempSync(join(tmpdir(), "kaartbeheer-desktop-settings-"));
  const dataDir = join(home, "data", APP_ID);

  async function start() {
    app = await startApp({ name: "settings", home, env: () => ({ KAARTBEHEER_SERVICE_URL: server.url }) });
    browser = app.browser;
  }

  async function restart() {
    await app.stop();
    await start();
  }

  /**
   * Waits until the window settled on the sign-in screen or on the shell
   * showing the organisations from the store; says which. (Until the sync
   * status is known the shell shows without content, so the shell counts
   * only once the organisation list is filled.)
   */
  async function screenShown() {
    let shown = null;
    await browser.waitUntil(
      async () => {
        if (await browser.$('[data-testid="sign-in"]').isExisting()) shown = "sign-in";
        else if ((await browser.$$('[data-testid="org-list"] .name')).length > 0) shown = "shell";
        return shown !== null;
      },
      { timeout: 40_000, timeoutMsg: "neither the sign-in screen nor the organisations appeared" },
    );
    return shown;
  }

  async function openSettings() {
    await browser.$('nav button[data-section="instellingen"]').click();
    await browser.$('[data-testid="settings-language"]').waitForDisplayed({ timeout: 20_000 });
  }

  /** The heading of the section shown and the sidebar's words. */
  async function words() {
    const h1 = await browser.$("h1");
    await h1.waitForDisplayed({ timeout: 20_000 });
    return {
      heading: await h1.getText(),
      nav: await browser.$("nav").getText(),
      lang: await browser.execute(() => document.documentElement.lang),
    };
  }

  before(async () => {
    server = await startKaartServer();
    await start();
  });

  after(async () => {
    await app?.stop();
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test("signs in and switches the window to English at once", async () => {
    assert.equal(await screenShown(), "sign-in");
    await signInThroughWindow(browser, "demo", "demo");
    await browser.$("nav").waitForDisplayed({ timeout: 40_000 });
    await openSettings();
    assert.equal((await words()).heading, "Instellingen");

    await browser.$('[data-testid="settings-language"]').selectByAttribute("value", "en");
    await browser.waitUntil(async () => (await words()).heading === "Settings", {
      timeout: 10_000,
      timeoutMsg: "the heading did not turn English",
    });
    const shown = await words();
    assert.match(shown.nav, /Organisations/);
    assert.match(shown.nav, /Activities & sign-ups/);
    assert.doesNotMatch(shown.nav, /Organisaties|Instellingen/);
    assert.equal(shown.lang, "en");
    assert.equal(await browser.$("button*=Sign out and delete").isExisting(), true);
    await shootWindow(browser, join(SHOTS, "settings-english.png"), '[data-testid="settings-language"]');
  });

  test("the next start is still in English, and Dutch comes back on request", async () => {
    await restart();
    assert.equal(await screenShown(), "shell", "still signed in after a restart");
    const first = await words();
    assert.equal(first.heading, "Organisations");
    assert.equal(first.lang, "en");
    await openSettings();
    assert.equal(await browser.$('[data-testid="settings-language"]').getValue(), "en");

    await browser.$('[data-testid="settings-language"]').selectByAttribute("value", "nl");
    await browser.waitUntil(async () => (await words()).heading === "Instellingen", {
      timeout: 10_000,
      timeoutMsg: "the heading did not turn Dutch again",
    });
    const shown = await words();
    assert.match(shown.nav, /Organisaties/);
    assert.equal(shown.lang, "nl");

    // Kept too: another start is Dutch.
    await restart();
    assert.equal(await screenShown(), "shell");
    assert.equal((await words()).heading, "Organisaties");
  });

  test("'sign out and delete' removes the store and its keyring entries; the next start is a clean sign-in", async () => {
    const storeFile = join(dataDir, "kaart.db");
    const id = readFileSync(join(dataDir, "kaart.db.id"), "utf8").trim();
    // SQLCipher starts every file with 16 random bytes (its salt): a new
    // store never starts like the old one. (Inode numbers are reused at
    // once, so they cannot tell the files apart.)
    const salt = (file) => readFileSync(file).subarray(0, 16).toString("hex");
    const saltBefore = salt(storeFile);
    // Other desktop suites of the same run share the keyring session and
    // leave entries of their own data folders: only this folder's count,
    // and whatever appears after the wipe.
    const others = new Set(
      keyringEntries()
        .map((e) => e.username)
        .filter((name) => !name.endsWith(`.${id}`)),
    );
    const ours = (entries) => entries.filter((e) => !others.has(e.username));
    const before = ours(keyringEntries());
    assert.deepEqual(
      before.map((e) => e.username).sort(),
      [`local-store-key.${id}`, `session-token.${id}`],
      "before: the store key and the session token are in the keyring",
    );
    assert.ok(before.every((e) => e.secret.length > 0), "secret-tool reads the secrets");

    await openSettings();
    await browser.$("button*=gegevens van deze computer verwijderen").click();
    await browser.$("button=Ja, uitloggen en verwijderen").click();
    const outcome = await browser.$('[data-testid="signout-outcome"]');
    await outcome.waitForDisplayed({ timeout: 30_000 });
    assert.ok((await outcome.getText()).includes(dataDir), "the notice names the data folder");

    // The keyring: no session token; the old key is gone (the app keeps an
    // empty store with a new key of its own until the next sign-in).
    const afterWipe = ours(keyringEntries());
    assert.deepEqual(
      afterWipe.filter((e) => e.username.startsWith("session-token")),
      [],
      "no session token is left in the keyring",
    );
    const oldSecrets = new Set(before.map((e) => e.secret));
    assert.deepEqual(
      afterWipe.filter((e) => oldSecrets.has(e.secret)).map((e) => e.username),
      [],
      "no secret of before is left in the keyring",
    );
    assert.ok(afterWipe.length <= 1, `at most the new store's key is left: ${afterWipe.map((e) => e.username)}`);

    // The data folder: the old store file is gone (a new, empty one may
    // stand in its place), and no set-aside copy or journal of it is left.
    assert.ok(!existsSync(storeFile) || salt(storeFile) !== saltBefore, "the old store file is gone");
    const left = readdirSync(dataDir).filter((n) => n.startsWith("kaart") && !/^kaart\.db(\.id|-wal|-shm)?$/.test(n));
    assert.deepEqual(left, [], "no other copies of the store are left");

    // The next start: the sign-in screen, nothing of before.
    await restart();
    assert.equal(await screenShown(), "sign-in", "the next start asks to sign in");
    assert.equal(await browser.$("nav").isExisting(), false);
    await shootWindow(browser, join(SHOTS, "settings-after-delete.png"), '[data-testid="sign-in"]');
    assert.deepEqual(
      ours(keyringEntries()).filter((e) => e.username.startsWith("session-token")),
      [],
      "still no session token after the restart",
    );
  });
});
