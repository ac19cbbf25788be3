// Layer 4 against an external central service: the real `kaart-server`
// binary on a free port (seeded demo set), the real app pointed at it with
// KAARTBEHEER_SERVICE_URL. Signs in as demo/demo through the sign-in screen,
// sees both demo organisations, edits the organisation's city, syncs, and
// then checks over the service's own HTTP API that the edit arrived. Each
// test types what it needs itself; the edit signs in first when no earlier
// test did.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { apiChanges, apiMe, apiSignIn, startKaartServer } from "../support/kaart-server.mjs";
import { startApp } from "../support/app-session.mjs";
import { artifactsDir } from "../support/paths.mjs";
import { shootWindow } from "../support/screenshot.mjs";

const SHOTS = artifactsDir("desktop");

describe("app against an external kaart-server (desktop)", { timeout: 240_000 }, () => {
  let server;
  let app;
  let browser;
  let token;
  let me;

  before(async () => {
    server = await startKaartServer();
    token = await apiSignIn(server.url, "demo", "demo");
    me = await apiMe(server.url, token);
    app = await startApp({ name: "ext", env: () => ({ KAARTBEHEER_SERVICE_URL: server.url }) });
    browser = app.browser;
  });

  after(async () => {
    await app?.stop();
    await server?.stop();
  });

  /** Fills in the sign-in screen as `demo` with `password` and submits. */
  async function submitSignIn(password) {
    const form = await browser.$('[data-testid="sign-in"]');
    await form.waitForDisplayed({ timeout: 30_000 });
    await browser.$("#username").setValue("demo");
    await browser.$("#password").setValue(password);
    await browser.$('button[type="submit"]').click();
  }

  async function waitForBothOrganisations() {
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid="org-list"] .name')).length === 2,
      { timeout: 40_000, timeoutMsg: "the demo organisations did not appear after sign-in" },
    );
  }

  /** Signs in unless the window is past the sign-in screen already. */
  async function ensureSignedIn() {
    await browser.waitUntil(
      async () =>
        (await browser.$('[data-testid="sign-in"]').isExisting()) || (await browser.$("nav").isExisting()),
      { timeout: 30_000, timeoutMsg: "neither the sign-in screen nor the shell appeared" },
    );
    if (await browser.$('[data-testid="sign-in"]').isExisting()) await submitSignIn("demo");
    await waitForBothOrganisations();
  }

  test("a wrong password is refused in Dutch", async () => {
    await submitSignIn("niet-het-wachtwoord");
    const alert = await browser.$('[role="alert"]');
    await alert.waitForDisplayed({ timeout: 20_000 });
    assert.match(await alert.getText(), /wachtwoord klopt niet/);
  });

  test("signs in as demo/demo and sees both demo organisations", async () => {
    await submitSignIn("demo");
    await waitForBothOrganisations();
    const shown = [];
    for (const el of await browser.$$('[data-testid="org-list"] .name')) shown.push(await el.getText());
    assert.deepEqual(shown.sort(), me.organizations.map((o) => o.name).sort());
    assert.equal(await browser.$('[data-testid="demo-badge"]').isExisting(), false, "no demo badge against an external service");
    await shootWindow(browser, join(SHOTS, "external-organisaties.png"), '[data-testid="org-name"]');
  });

  test("an edit of the organisation reaches the service after a sync", async () => {
    await ensureSignedIn();
    await browser.$('nav button[data-section="organisaties"]').click();
    const org = me.organizations[0];
    await browser.$(`[data-org-id="${org.id}"]`).click();
    await browser.waitUntil(async () => (await browser.$('[data-testid="org-name"]').getText()) === org.name, {
      timeout: 20_000,
    });
    const city = await browser.$("#organisatie-visiting_city");
    await city.waitForDisplayed({ timeout: 20_000 });
    const newCity = `Leiderdorp ${Date.now() % 100000}`;
    await city.setValue(newCity);
    await browser.$('form.record-form button[type="submit"]').click();
    await browser.$('[role="status"]').waitForDisplayed({ timeout: 20_000 });

    await browser.$('nav button[data-section="synchronisatie"]').click();
    const syncButton = await browser.$("button=Nu synchroniseren");
    await syncButton.waitForClickable({ timeout: 30_000 });
    await syncButton.click();
    await browser.waitUntil(
      async () => !(await browser.$('[data-testid="pending-edits"]').isExisting()),
      { timeout: 40_000, timeoutMsg: "the edit stayed pending" },
    );
    await shootWindow(browser, join(SHOTS, "external-gesynchroniseerd.png"), '[data-testid="sync-summary"]');

    const changes = await apiChanges(server.url, token, org.id);
    const latest = changes
      .filter((c) => c.type === "upsert" && c.record.kind === "organization" && c.record.id === org.id)
      .at(-1);
    assert.ok(latest, "the organisation is in its changes feed");
    assert.equal(latest.record.visiting_city, newCity);
  });

  /** The app's data folder under the test home: the one holding `kaart.db.id`. */
  function dataDir() {
    const root = join(app.home, "data");
    const name = readdirSync(root).find((n) => existsSync(join(root, n, "kaart.db.id")));
    assert.ok(name, "the app made a data folder with a store id");
    return join(root, name);
  }

  /** A keyring entry of the app, read with libsecret's own tool. */
  function keyringEntry(service, name) {
    const out = spawnSync("secret-tool", ["lookup", "service", service, "username", name], { encoding: "utf8" });
    return out.stdout.trim();
  }

  test("signing out and deleting this computer's data removes the key and the token, and says so", async () => {
    if (await browser.$("nav").isExisting()) await browser.$('nav button[data-section="organisaties"]').click();
    await ensureSignedIn();
    const dir = dataDir();
    const id = readFileSync(join(dir, "kaart.db.id"), "utf8").trim();
    const service = `${basename(dir)}.sync`;
    const keyBefore = keyringEntry(service, `local-store-key.${id}`);
    assert.ok(keyBefore.length > 0, "the store key is in the keyring");
    assert.ok(keyringEntry(service, `session-token.${id}`).length > 0, "the session token is in the keyring");

    await browser.$('nav button[data-section="instellingen"]').click();
    await browser.$("button*=gegevens van deze computer verwijderen").click();
    await browser.$("button=Ja, uitloggen en verwijderen").click();

    // The window is back at the sign-in screen and says what was deleted.
    const outcome = await browser.$('[data-testid="signout-outcome"]');
    await outcome.waitForDisplayed({ timeout: 30_000 });
    assert.match(await outcome.getText(), /sessietoken/);
    assert.ok((await outcome.getText()).includes(dir), "the notice names the data folder");
    await shootWindow(browser, join(SHOTS, "external-afgemeld-gewist.png"), '[data-testid="sign-in"]');
    assert.equal(keyringEntry(service, `session-token.${id}`), "", "the session token is gone");
    assert.notEqual(keyringEntry(service, `local-store-key.${id}`), keyBefore, "the old store key is gone");

    // A clean sign-in fetches everything again.
    await submitSignIn("demo");
    await browser.$("nav").waitForDisplayed({ timeout: 30_000 });
    await browser.$('nav button[data-section="organisaties"]').click();
    await waitForBothOrganisations();
  });
});
