// Layer 4: the whole life of an activity's sign-ups, with real parts only.
// The real `kaart-server` (demo set, manager demo/demo) sends its
// confirmation e-mails over SMTP to the project's aiosmtpd sink; the real app
// reaches the server through `network-switch.mjs`, a TCP forwarder that can
// take the network away. With the network gone, the manager makes a
// published activity with a three-field sign-up form (Naam, E-mailadres, a
// choice) in the editor and form builder; the window says it is offline and
// the activity waits for the sync, and the service has nothing yet. Back
// online, "Nu synchroniseren" sends it: the service's public form has the
// three fields. Two people sign up through the public API; after a sync both
// are in the sign-up list with the counts (the activity list's search
// "taalcafe …" finds the activity, its row read as the app benchmarks read
// it); searching "zoe" finds only
// "Zoë Jansen". Her confirmation e-mail, read back from the sink by Python's
// `email` package, holds an unsubscribe link: GET shows the question, POST
// unsubscribes; after a sync she is gone from the list and it counts one.
// The list is also exported through the real GTK save dialog (answered by
// keyboard with xdotool) and the CSV read back by Python's csv module; the
// organisation's HSDS file too, read back by the HSDS 3.0 checker.
// Screenshots of the main steps go to tests/artifacts/desktop/activities-*.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { listedActivities } from "../bench/app-measure.mjs";
import { startApp } from "../support/app-session.mjs";
import { apiChanges, apiMe, apiSignIn, startKaartServer } from "../support/kaart-server.mjs";
import { startNetworkSwitch } from "../support/network-switch.mjs";
import { artifactsDir, REPO } from "../support/paths.mjs";
import { shootWindow } from "../support/screenshot.mjs";
import { startSmtpSink } from "../support/smtp-sink.mjs";
import { answerSaveDialog } from "../support/save-dialog.mjs";
import { signInThroughWindow } from "../support/window-use.mjs";

const SHOTS = artifactsDir("desktop");
const TITLE = `Taalcafé voor nieuwkomers ${Date.now() % 100000}`;
const CHOICES = ["Ochtend", "Middag", "Avond"];
const PEOPLE = [
  { name: "Zoë Jansen", email: "zoe.jansen@example.nl", choice: "Middag" },
  { name: "Piet de Boer", email: "piet.deboer@example.nl", choice: "Avond" },
];

/** A date `days` from now as the editor wants it typed: dd-mm-jjjj. */
function dutchDate(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return [d.getDate(), d.getMonth() + 1].map((n) => String(n).padStart(2, "0")).join("-") + `-${d.getFullYear()}`;
}

describe("an activity's sign-ups from form to unsubscribe (desktop)", { timeout: 300_000 }, () => {
  let sink;
  let server;
  let net;
  let app;
  let browser;
  let token;
  let me;

  before(async () => {
    sink = await startSmtpSink();
    server = await startKaartServer([
      "--smtp-host",
      "127.0.0.1",
      "--smtp-port",
      String(sink.port),
      "--mail-from",
      "Sociale kaart <noreply@kaart.test>",
    ]);
    token = await apiSignIn(server.url, "demo", "demo");
    me = await apiMe(server.url, token);
    net = await startNetworkSwitch(server.url);
    app = await startApp({ name: "activities", env: () => ({ KAARTBEHEER_SERVICE_URL: net.url }) });
    browser = app.browser;
  });

  after(async () => {
    await app?.stop();
    await net?.close();
    await server?.stop();
    await sink?.stop();
  });

  /** Runs one step; on failure saves what the window showed and names the step. */
  async function step(name, body) {
    try {
      await body();
    } catch (e) {
      await browser.saveScreenshot(join(SHOTS, `activities-${name}-failed.png`)).catch(() => {});
      e.message = `step "${name}": ${e.message}`;
      throw e;
    }
  }

  const text = async (selector) => (await browser.$(selector).getText()).replace(/\s+/g, " ").trim();

  async function waitForText(selector, expected, timeout = 30_000) {
    let seen = "";
    await browser.waitUntil(
      async () => {
        seen = (await browser.$(selector).isExisting()) ? await text(selector) : "(not there)";
        return typeof expected === "string" ? seen === expected : expected.test(seen);
      },
      { timeout, interval: 100, timeoutMsg: `${selector} did not show ${expected}` },
    ).catch((e) => {
      e.message += `; it showed "${seen}"`;
      throw e;
    });
  }

  /** Empties the search box the way a user does (WebDriver's clear sends no input event). */
  async function clearSearch(selector = '[data-testid="signup-search"]') {
    const input = await browser.$(selector);
    const length = (await input.getValue()).length;
    await input.click();
    await browser.keys("End");
    for (let i = 0; i < length; i++) await browser.keys("Backspace");
  }

  async function openSection(id) {
    await browser.$(`nav button[data-section="${id}"]`).click();
    await browser.waitUntil(async () => (await browser.$("main").getAttribute("data-section")) === id, {
      timeout: 20_000,
      timeoutMsg: `section ${id} did not open`,
    });
  }

  /**
   * "Nu synchroniseren" in Synchronisatie; waits until the sync is done and
   * the status bar says `connection`.
   */
  async function syncNow(connection = "Verbonden") {
    await openSection("synchronisatie");
    const button = await browser.$('[data-testid="sync-summary"] button');
    await browser.waitUntil(async () => (await button.getText()) === "Nu synchroniseren" && (await button.isEnabled()), {
      timeout: 60_000,
      timeoutMsg: "Nu synchroniseren did not become available",
    });
    await button.click();
    await browser.waitUntil(async () => (await button.getText()) === "Nu synchroniseren" && (await button.isEnabled()), {
      timeout: 60_000,
      timeoutMsg: "the sync did not finish",
    });
    await waitForText('[data-testid="sync-status"]', connection);
  }

  /** The row of our activity in the activity list, as the cells' texts. */
  async function activityRow() {
    return browser.execute((title) => {
      const row = [...document.querySelectorAll('[data-testid="activity-row"]')].find(
        (r) => r.querySelector("button.link")?.textContent?.trim() === title,
      );
      return row ? [...row.querySelectorAll('[role="cell"]')].map((c) => c.textContent.replace(/\s+/g, " ").trim()) : null;
    }, TITLE);
  }

  async function waitForActivityRow(check, what) {
    let row = null;
    await browser
      .waitUntil(async () => {
        row = await activityRow();
        return row !== null && check(row);
      }, { timeout: 30_000, interval: 100, timeoutMsg: what })
      .catch((e) => {
        e.message += `; the row is ${JSON.stringify(row)}`;
        throw e;
      });
    return row;
  }

  /** Opens our activity in Activiteiten and waits for its sign-up list. */
  async function openOurActivity() {
    await openSection("activiteiten");
    await waitForActivityRow(() => true, "our activity is not in the list");
    const link = await browser.$('[data-testid="activity-list"]').$(`button.link=${TITLE}`);
    await link.click();
    await waitForText("main h2", `Aanmeldingen: ${TITLE}`);
  }

  /** The sign-up list's rows as the texts of their cells (rows still loading count as "…"). */
  async function signupRows() {
    return browser.execute(() =>
      [...document.querySelectorAll('[data-testid="signup-row"]')].map((row) =>
        [...row.querySelectorAll('[role="cell"]')].map((c) => c.textContent.replace(/\s+/g, " ").trim()),
      ),
    );
  }

  async function waitForSignups(count, names) {
    await waitForText('[data-testid="signup-count"]', count);
    let rows = [];
    await browser
      .waitUntil(async () => {
        rows = await signupRows();
        const shown = rows.map((cells) => cells[0]).sort();
        return JSON.stringify(shown) === JSON.stringify([...names].sort());
      }, { timeout: 30_000, interval: 100, timeoutMsg: `the list did not show ${names.join(", ")}` })
      .catch((e) => {
        e.message += `; it showed ${JSON.stringify(rows)}`;
        throw e;
      });
    return rows;
  }

  /** The names of the sign-ups of `activityId` the service's feed holds. */
  async function signupsOnService(activityId) {
    const names = [];
    for (const org of me.organizations) {
      const changes = await apiChanges(server.url, token, org.id);
      const live = new Map();
      for (const c of changes) {
        if (c.type === "upsert" && c.record.kind === "signup") live.set(c.record.id, c.record);
        else if (c.type !== "upsert") live.delete(c.id);
      }
      for (const r of live.values()) if (r.activity_id === activityId) names.push(Object.values(r.answers).find((v) => PEOPLE.some((p) => p.name === v)));
    }
    return names.sort();
  }

  /** Our activity as the service has it, or undefined. */
  async function activityOnService() {
    for (const org of me.organizations) {
      const found = (await apiChanges(server.url, token, org.id))
        .filter((c) => c.type === "upsert" && c.record.kind === "activity" && c.record.title === TITLE)
        .at(-1);
      if (found) return found.record;
    }
    return undefined;
  }

  test("offline-made form, sign-ups, search, e-mail, unsubscribe", async () => {
    await step("sign-in", async () => {
      await signInThroughWindow(browser, "demo", "demo");
      await waitForText('[data-testid="sync-status"]', "Verbonden", 60_000);
      await browser.waitUntil(async () => !(await text('[data-testid="last-synced"]')).startsWith("Nog niet"), {
        timeout: 60_000,
        timeoutMsg: "the first sync did not finish",
      });
    });

    await step("offline", async () => {
      net.offline();
      // A sync attempt is what tells the app the network is gone.
      await syncNow("Offline — wijzigingen worden later verstuurd");
    });

    await step("editor", async () => {
      await openSection("activiteiten");
      await browser.$("button=Nieuwe activiteit").click();
      const editor = await browser.$('[data-testid="activity-editor"]');
      await editor.waitForDisplayed({ timeout: 20_000 });
      await browser.$("#activiteit-titel").setValue(TITLE);
      await browser.$("#activiteit-begin-datum").setValue(dutchDate(30));
      await browser.$("#activiteit-begin-tijd").setValue("19:30");
      await browser.$("#activiteit-einde-datum").setValue(dutchDate(30));
      await browser.$("#activiteit-einde-tijd").setValue("21:00");
      await browser.$("#activiteit-locatie").setValue("Bibliotheek, Breestraat 12");
      await browser.$("#activiteit-plaatsen").setValue("20");
      await browser.$("#activiteit-status").selectByVisibleText("Gepubliceerd");

      const builder = await browser.$('[data-testid="form-builder"]');
      const fields = [
        { label: "Naam", type: "Korte tekst" },
        { label: "E-mail", type: "E-mailadres" },
        { label: "Dagdeel", type: "Keuze uit een lijst", options: CHOICES },
      ];
      for (const [i, field] of fields.entries()) {
        await builder.$("button=Veld toevoegen").click();
        await browser.waitUntil(async () => (await builder.$$("li.field")).length === i + 1, {
          timeout: 10_000,
          timeoutMsg: `field ${i + 1} was not added`,
        });
        const item = (await builder.$$("li.field"))[i];
        await item.$('input[data-role="label"]').setValue(field.label);
        await browser.keys("Tab"); // leaving the question makes the field's key
        await item.$('select[id$="-type"]').selectByVisibleText(field.type);
        if (field.options) {
          const options = await item.$("textarea");
          await options.waitForDisplayed({ timeout: 10_000 });
          // One per line; WebKitWebDriver drops a typed "\n", so Enter is a key press.
          for (const [j, option] of field.options.entries()) {
            if (j === 0) await options.setValue(option);
            else {
              await browser.keys("Enter");
              await options.addValue(option);
            }
          }
        }
      }
      await builder.$("li.field*=Sleutel: naam").waitForExist({ timeout: 10_000 });
      await shootWindow(browser, join(SHOTS, "activities-formulier.png"), '[data-testid="form-builder"]');
      await browser.$("button=Activiteit opslaan").click();
      await editor.waitForExist({ reverse: true, timeout: 20_000 });
    });

    await step("saved-offline", async () => {
      const row = await waitForActivityRow((r) => r[0].includes("wacht op synchronisatie"), "no pending marker");
      assert.equal(row[2], "gepubliceerd");
      assert.equal(row[3], "0 / 20");
      await waitForText('[data-testid="pending-edits"]', "1 wijziging wacht");
      assert.equal(await text('[data-testid="sync-status"]'), "Offline — wijzigingen worden later verstuurd");
      assert.equal(await activityOnService(), undefined, "the service has the activity while the app is offline");
      await shootWindow(browser, join(SHOTS, "activities-offline.png"), '[data-testid="activity-list"]');
    });

    let activityId;
    await step("online-sync", async () => {
      net.online();
      await syncNow();
      assert.equal(await browser.$('[data-testid="pending-edits"]').isExisting(), false, "an edit still waits");
      const stored = await activityOnService();
      assert.ok(stored, "the service has the activity after the sync");
      assert.equal(stored.status, "published");
      activityId = stored.id;
      const response = await fetch(`${server.url}/public/v1/activities/${activityId}/form`);
      assert.equal(response.status, 200, "the public form of the published activity");
      const form = await response.json();
      assert.deepEqual(
        form.fields.map((f) => [f.label, f.field_type, f.options]),
        [
          ["Naam", "text", []],
          ["E-mail", "email", []],
          ["Dagdeel", "choice", CHOICES],
        ],
      );
      assert.equal(form.places_left, 20);

      // Two people sign up on a website.
      for (const person of PEOPLE) {
        const key = (type) => form.fields.find((f) => f.field_type === type).key;
        const signup = await fetch(`${server.url}/public/v1/activities/${activityId}/signups`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            answers: { [key("text")]: person.name, [key("email")]: person.email, [key("choice")]: person.choice },
          }),
        });
        assert.equal(signup.status, 201, await signup.clone().text());
      }
    });

    await step("signups", async () => {
      await syncNow();
      await openOurActivity();
      const rows = await waitForSignups("2 aanmeldingen", PEOPLE.map((p) => p.name));
      for (const person of PEOPLE) {
        const cells = rows.find((r) => r[0] === person.name);
        assert.deepEqual(cells.slice(0, 3), [person.name, person.email, person.choice]);
        assert.equal(cells.at(-1), "aangemeld");
      }
      const row = await activityRow();
      assert.equal(row[0], TITLE, "no marker once synced");
      assert.deepEqual(row.slice(3), ["2 / 20", "18"]);
      await shootWindow(browser, join(SHOTS, "activities-aanmeldingen.png"), '[data-testid="signup-count"]');

      // The activity list's title search (accents folded), and the rows as
      // the app benchmarks read them.
      await browser.$('[data-testid="activity-search"]').setValue(`taalcafe ${TITLE.split(" ").at(-1)}`);
      await waitForText('[data-testid="activity-count"]', "1 activiteit gevonden");
      await browser.waitUntil(async () => (await listedActivities(browser)).length === 1, {
        timeout: 10_000,
        timeoutMsg: "the search did not narrow the list to our activity",
      });
      assert.deepEqual(
        (await listedActivities(browser)).map((a) => [a.index, a.title, a.count]),
        [[0, TITLE, 2]],
      );
      await clearSearch('[data-testid="activity-search"]');
      await browser.waitUntil(async () => (await listedActivities(browser)).length > 1, {
        timeout: 10_000,
        timeoutMsg: "the list did not come back after the search",
      });
    });

    await step("search", async () => {
      await browser.$('[data-testid="signup-search"]').setValue("zoe");
      const rows = await waitForSignups("1 aanmelding gevonden", ["Zoë Jansen"]);
      assert.equal(rows.length, 1);
      await shootWindow(browser, join(SHOTS, "activities-zoeken.png"), '[data-testid="signup-count"]');
      await clearSearch();
      await waitForSignups("2 aanmeldingen", PEOPLE.map((p) => p.name));
    });

    await step("export", async () => {
      await browser.$('[data-testid="signup-count"]').waitForDisplayed();
      await browser.$("button.export=Exporteren…").click();
      const panel = await browser.$('[data-testid="export-panel"]');
      await panel.waitForDisplayed({ timeout: 10_000 });
      const start = await panel.$("button.primary=Exporteren…");
      await browser.waitUntil(() => start.isEnabled(), { timeout: 10_000, timeoutMsg: "export choices did not load" });
      await start.click();
      // The real GTK save dialog, answered by keyboard (CSV, semicolons and a BOM are the defaults).
      const path = join(app.home, "Aanmeldingen taalcafé.csv");
      await answerSaveDialog("Aanmeldingen exporteren", path);
      await waitForText('[data-testid="export-done"]', "2 aanmeldingen opgeslagen in Aanmeldingen taalcafé.csv.");
      assert.ok(existsSync(path), "the file is where the dialog said");
      const bytes = readFileSync(path);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "the file starts with a UTF-8 BOM");
      // Read back by Python's csv module, as Dutch Excel would split it.
      const table = JSON.parse(
        execFileSync("python3", [
          "-c",
          "import csv,json,sys; f=open(sys.argv[1],encoding='utf-8-sig',newline=''); print(json.dumps(list(csv.reader(f,delimiter=';'))))",
          path,
        ]).toString(),
      );
      assert.deepEqual(table[0], ["Naam", "E-mail", "Dagdeel", "Aangemeld op (UTC)", "Status"]);
      assert.deepEqual(
        table.slice(1).map((r) => [r[0], r[1], r[2], r[4]]).sort(),
        PEOPLE.map((p) => [p.name, p.email, p.choice, "aangemeld"]).sort(),
      );
      assert.ok(bytes.includes(Buffer.from("\r\n")), "CRLF line ends");
      await panel.$("button=Sluiten").click();
    });

    await step("unsubscribe", async () => {
      const mails = await sink.waitFor(2);
      assert.equal(mails.length, 2, "one confirmation e-mail per sign-up");
      const mail = mails.find((m) => m.to.includes(PEOPLE[0].email));
      assert.ok(mail, "Zoë's confirmation e-mail arrived");
      assert.deepEqual(mail.rcpt, [PEOPLE[0].email]);
      assert.ok(mail.subject.includes(TITLE), `subject: ${mail.subject}`);
      assert.ok(mail.body.includes(`Naam: ${PEOPLE[0].name}`), "the e-mail repeats her answers");
      const link = mail.body.split(/\r?\n/).find((line) => line.includes("/unsubscribe/"))?.trim();
      assert.ok(link?.startsWith(`${server.url}/public/v1/unsubscribe/`), `the link: ${link}`);

      const question = await fetch(link);
      assert.equal(question.status, 200);
      assert.match(await question.text(), /Ja, meld mij af/);
      assert.equal((await signupsOnService(activityId)).length, 2, "a GET alone unsubscribes nobody");
      const done = await fetch(link, { method: "POST" });
      assert.equal(done.status, 200);
      assert.match(await done.text(), /Je bent afgemeld/);
      assert.deepEqual(await signupsOnService(activityId), ["Piet de Boer"]);
    });

    await step("after-unsubscribe", async () => {
      await syncNow();
      await openOurActivity();
      const rows = await waitForSignups("1 aanmelding", ["Piet de Boer"]);
      assert.equal(rows.length, 1);
      const row = await activityRow();
      assert.deepEqual(row.slice(3), ["1 / 20", "19"]);
      await waitForText('[data-testid="signup-removals"]', /^1 afmelding verwerkt sinds /);
      await browser.$('[data-testid="signup-search"]').setValue("zoe");
      await waitForText('[data-testid="signup-count"]', "0 aanmeldingen gevonden");
      await clearSearch();
      await waitForText('[data-testid="signup-count"]', "1 aanmelding");
      await shootWindow(browser, join(SHOTS, "activities-na-afmelding.png"), '[data-testid="signup-count"]');
    });

    await step("hsds", async () => {
      await openSection("organisaties");
      const name = await text('[data-testid="org-name"]');
      await browser.$("button=Gegevens exporteren (HSDS)…").click();
      const path = join(app.home, "organisatie.json");
      await answerSaveDialog("Organisatie exporteren (HSDS)", path);
      await waitForText('[data-testid="hsds-done"]', / opgeslagen in organisatie\.json\.$/);
      // Read back by the checker written from the HSDS 3.0 schema files.
      const checker = join(REPO, "crates/kaart-core/tests/readback/check_hsds.py");
      const summary = JSON.parse(execFileSync("python3", [checker, path]).toString());
      const doc = JSON.parse(readFileSync(path, "utf8"));
      assert.equal(doc.name, name);
      const services = summary.ids.service ?? [];
      assert.match(await text('[data-testid="hsds-done"]'), new RegExp(`^${services.length} `));
      assert.ok(!readFileSync(path, "utf8").includes(PEOPLE[1].email), "no sign-up in the organisation's file");
    });
  });
});
