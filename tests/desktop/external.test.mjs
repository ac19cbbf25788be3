// Layer 4 against an external central service: the real `kaart-server`
// binary on a free port (seeded demo set), the real app pointed at it with
// KAARTBEHEER_SERVICE_URL. Signs in as demo/demo through the sign-in screen,
// sees both demo organisations, edits the organisation's city, syncs, and
// then checks over the service's own HTTP API that the edit arrived.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { apiChanges, apiMe, apiSignIn, startKaartServer } from "../support/kaart-server.mjs";
import { startApp } from "../support/app-session.mjs";
import { artifactsDir } from "../support/paths.mjs";

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

  test("a wrong password is refused in Dutch", async () => {
    const form = await browser.$('[data-testid="sign-in"]');
    await form.waitForDisplayed({ timeout: 30_000 });
    await browser.$("#username").setValue("demo");
    await browser.$("#password").setValue("niet-het-wachtwoord");
    await browser.$('button[type="submit"]').click();
    const alert = await browser.$('[role="alert"]');
    await alert.waitForDisplayed({ timeout: 20_000 });
    assert.match(await alert.getText(), /wachtwoord klopt niet/);
  });

  test("signs in as demo/demo and sees both demo organisations", async () => {
    await browser.$("#password").setValue("demo");
    await browser.$('button[type="submit"]').click();
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid="org-list"] .name')).length === 2,
      { timeout: 40_000, timeoutMsg: "the demo organisations did not appear after sign-in" },
    );
    const shown = [];
    for (const el of await browser.$$('[data-testid="org-list"] .name')) shown.push(await el.getText());
    assert.deepEqual(shown.sort(), me.organizations.map((o) => o.name).sort());
    assert.equal(await browser.$(".badge").isExisting(), false, "no demo badge against an external service");
    await browser.saveScreenshot(join(SHOTS, "external-organisaties.png"));
  });

  test("an edit of the organisation reaches the service after a sync", async () => {
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
    await browser.saveScreenshot(join(SHOTS, "external-gesynchroniseerd.png"));

    const changes = await apiChanges(server.url, token, org.id);
    const latest = changes
      .filter((c) => c.type === "upsert" && c.record.kind === "organization" && c.record.id === org.id)
      .at(-1);
    assert.ok(latest, "the organisation is in its changes feed");
    assert.equal(latest.record.visiting_city, newCity);
  });
});
