// Layer 4: re-check reminders that reach the manager outside the window.
// The real app in demo mode (its embedded service's demo set has records
// due for their check) with a recording notification server on the test's
// D-Bus session bus (support/notification_server.py, in place of a
// desktop's notification daemon). Checked: the notification after the
// first sync says how many records are due and names none; clicking it
// (the server's ActionInvoked "default") opens Controle; the count the
// tray shows (`reminder_counts`) is the Controle list's and goes down when
// a record is checked; after a restart on the same data nothing is told
// again, while a record that becomes due then is. Also the Instellingen
// choices: start with the computer writes the XDG autostart entry (HOME
// is the test's folder), and keeping the app in the tray is remembered.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startApp } from "../support/app-session.mjs";
import { startNotificationServer } from "../support/notification-server.mjs";

const DUE_SUMMARY = "Gegevens controleren";
const DUE_BODY = /^(\d+) (gegeven moet|gegevens moeten) gecontroleerd worden\.$/;

describe("reminders: notifications and tray (desktop)", { timeout: 300_000 }, () => {
  let server;
  let app;
  let home;

  const start = async () => {
    app = await startApp({ name: "reminders", home, env: (h) => ({ HOME: h }) });
    return app.browser;
  };

  /** A command of the app, called through the window's IPC. */
  const invoke = (cmd, args = {}) =>
    app.browser.executeAsync(
      (cmd, args, done) =>
        window.__TAURI_INTERNALS__.invoke(cmd, args).then(
          (value) => done({ value }),
          (error) => done({ error }),
        ),
      cmd,
      args,
    ).then((r) => {
      if (r.error) throw new Error(`${cmd}: ${JSON.stringify(r.error)}`);
      return r.value;
    });

  const heading = async () => {
    const h1 = await app.browser.$("h1");
    await h1.waitForDisplayed({ timeout: 20_000 });
    return h1.getText();
  };

  const dueNotices = () => server.notifications.filter((n) => n.summary === DUE_SUMMARY);

  before(async () => {
    server = await startNotificationServer();
    home = mkdtempSync(join(tmpdir(), "kaartbeheer-desktop-reminders-"));
    await start();
  });

  after(async () => {
    await app?.stop();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test("after the first sync one notification says how many records are due, naming none", async () => {
    const notice = await server.waitFor((n) => n.summary === DUE_SUMMARY);
    assert.equal(notice.app_name, "Kaartbeheer");
    const [, count] = DUE_BODY.exec(notice.body) ?? assert.fail(`unexpected text: ${notice.body}`);
    assert.ok(notice.actions.includes("default"), "a click on it does something");
    // Due now, not those only almost due (Controle lists those too, marked).
    const due = (await invoke("due_for_review", { organization: null })).filter((item) => !item.almost_due);
    assert.ok(due.length > 0, "the demo set has records due");
    assert.equal(Number(count), due.length);
    const words = `${notice.summary} ${notice.body}`;
    for (const item of due) assert.ok(!words.includes(item.title), "a record's name in the notification");
    assert.equal(dueNotices().length, 1);
  });

  test("clicking the notification brings the window to Controle", async () => {
    await app.browser.$('nav button[data-section="instellingen"]').click();
    assert.equal(await heading(), "Instellingen");
    const notice = dueNotices()[0];
    // The app listens for the click from the moment it showed the
    // notification; a click is repeated in case the first came before that.
    await app.browser.waitUntil(
      async () => {
        server.invoke(notice.id, "default");
        await new Promise((r) => setTimeout(r, 1500));
        return (await heading()) === "Controle";
      },
      { timeout: 20_000, interval: 100, timeoutMsg: "the window did not open Controle" },
    );
  });

  test("the tray counts what Controle lists, and checking a record lowers it", async () => {
    await app.browser.$('nav button[data-section="controle"]').click();
    const rows = () => app.browser.$$('[data-testid="due-list"] tbody tr');
    await app.browser.waitUntil(async () => (await rows()).length > 0, { timeout: 20_000 });
    const listed = (await rows()).length;
    // The tray counts the records due now; rows marked "binnenkort" are not yet.
    const dueNow = (await app.browser.$$('[data-testid="due-list"] tbody tr:not(.almost)')).length;
    const before = await invoke("reminder_counts");
    assert.equal(before.due_for_review, dueNow);
    assert.match(before.tray_text, new RegExp(`^Kaartbeheer: ${dueNow} te controleren`));

    await (await rows())[0].$("button=Gecontroleerd").click();
    await app.browser.waitUntil(async () => (await rows()).length === listed - 1, {
      timeout: 20_000,
      timeoutMsg: "the checked record stayed in the list",
    });
    await app.browser.waitUntil(async () => (await invoke("reminder_counts")).due_for_review === dueNow - 1, {
      timeout: 20_000,
      timeoutMsg: "the tray's count did not go down",
    });
    assert.equal(dueNotices().length, 1, "checking a record is no reason to notify");
  });

  test("the Instellingen choices: start with the computer, keep in the tray", async () => {
    await app.browser.$('nav button[data-section="instellingen"]').click();
    const entry = join(home, ".config", "autostart", "Kaartbeheer.desktop");
    const startBox = await app.browser.$('[data-testid="start-with-computer"]');
    await startBox.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await startBox.isSelected(), false);
    assert.equal(existsSync(entry), false);
    await startBox.click();
    await app.browser.waitUntil(async () => existsSync(entry), { timeout: 10_000, timeoutMsg: "no autostart entry" });
    assert.match(readFileSync(entry, "utf8"), /^Exec=.*kaartbeheer/m);

    const trayBox = await app.browser.$('[data-testid="keep-in-tray"]');
    assert.equal(await trayBox.isSelected(), false, "off unless chosen");
    await trayBox.click();
    await app.browser.waitUntil(async () => (await invoke("desktop_settings")).keep_in_tray, { timeout: 10_000 });
    await startBox.click();
    await app.browser.waitUntil(async () => !existsSync(entry), { timeout: 10_000, timeoutMsg: "entry not removed" });
  });

  test("after a restart nothing is told again; a record due since then is", async () => {
    await app.stop();
    const before = server.notifications.length;
    await start();
    // The first sync and the checks after it have run.
    await app.browser.waitUntil(
      async () => (await app.browser.$('[data-testid="last-synced"]').getText()).includes("Laatst gesynchroniseerd"),
      { timeout: 60_000, timeoutMsg: "no sync after the restart" },
    );
    const counts = await app.browser.waitUntil(
      async () => {
        const c = await invoke("reminder_counts");
        return c.due_for_review > 0 && c;
      },
      { timeout: 20_000, timeoutMsg: "no reminder check after the restart" },
    );
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(server.notifications.slice(before), [], "told again after a restart");
    assert.equal((await invoke("desktop_settings")).keep_in_tray, true, "the tray choice was forgotten");

    // A new contact person, never checked: due now.
    const [org] = await invoke("organizations");
    const id = await app.browser.execute(() => crypto.randomUUID());
    await invoke("create_record", {
      record: { kind: "contact", id, organization_id: org.id, name: "Nieuwe Collega" },
    });
    const notice = await server.waitFor((n, i) => i >= before && n.summary === DUE_SUMMARY, 20_000, "a new notice");
    assert.equal(DUE_BODY.exec(notice.body)?.[1], String(counts.due_for_review + 1));
    assert.ok(!notice.body.includes("Collega"));
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(server.notifications.length, before + 1, "more than one notice for one new record");
  });
});
