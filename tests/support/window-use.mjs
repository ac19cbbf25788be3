// Using the real app's window the way a manager does, for the suites that
// check the window stays usable while a sync runs: sign in, read the sync
// status from the status bar, and three timed interactions (switch section,
// type in a field, open a record). Each interaction returns how long it took
// from the WebDriver action until the DOM showed its result, in ms.

const POLL_MS = 20;

/** Signs in through the sign-in screen of an external service. */
export async function signInThroughWindow(browser, username, password) {
  const form = await browser.$('[data-testid="sign-in"]');
  await form.waitForDisplayed({ timeout: 60_000 });
  await browser.$("#username").setValue(username);
  await browser.$("#password").setValue(password);
  await browser.$('button[type="submit"]').click();
}

/**
 * What the status bar says now, read in one round trip:
 * `{ text, syncing, received, lastSynced }`. `syncing` is true while the bar
 * shows a running sync ("Synchroniseren…"); `received` is the number of
 * changes it says were fetched so far ("Ophalen (15.000)"), or null.
 */
export async function statusBar(browser) {
  const [text, lastSynced] = await browser.execute(() => [
    document.querySelector('[data-testid="sync-status"]')?.textContent ?? "",
    document.querySelector('[data-testid="last-synced"]')?.textContent ?? "",
  ]);
  const clean = text.replace(/\s+/g, " ").trim();
  // The count is formatted for Dutch ("5.000").
  const received = /Ophalen \(([\d.]+)\)/.exec(clean);
  return {
    text: clean,
    syncing: clean.startsWith("Synchroniseren"),
    received: received ? Number(received[1].replaceAll(".", "")) : null,
    lastSynced: lastSynced.trim(),
  };
}

/** Waits (polling every POLL_MS) until `condition()` holds; resolves to ms since `t0`. */
async function doneAfter(browser, t0, condition, what) {
  await browser.waitUntil(condition, {
    timeout: 60_000,
    interval: POLL_MS,
    timeoutMsg: `${what} did not complete within 60 s`,
  });
  return performance.now() - t0;
}

/**
 * Opens a section with the sidebar and waits until it shows what it loads
 * from the store: the profile's username ("profiel", equal to `expect` when
 * given), the organisation's name ("organisaties"), the lists of conflicts
 * and refused edits ("synchronisatie"); for other sections its heading.
 */
export async function switchSection(browser, section, { expect } = {}) {
  const button = await browser.$(`nav button[data-section="${section}"]`);
  const t0 = performance.now();
  await button.click();
  return doneAfter(
    browser,
    t0,
    async () =>
      browser.execute(
        (section, expected) => {
          const main = document.querySelector("main");
          if (main?.getAttribute("data-section") !== section) return false;
          if (main.querySelector('[aria-busy="true"]')) return false;
          const text = (selector) => main.querySelector(selector)?.textContent?.trim() ?? "";
          switch (section) {
            case "profiel":
              return expected ? text('[data-testid="username"]') === expected : text('[data-testid="username"]') !== "";
            case "organisaties":
              return text('[data-testid="org-name"]') !== "";
            case "synchronisatie":
              return (
                main.querySelector('[data-testid="conflicts"] :is(p, article, ul)') !== null &&
                main.querySelector('[data-testid="rejected"] :is(p, ul)') !== null
              );
            default:
              return true;
          }
        },
        section,
        expect ?? null,
      ),
    `opening section ${section}`,
  );
}

/**
 * Leaves the open section for `section` with the sidebar, giving up unsaved
 * typing when the window asks first ("Wijzigingen weggooien"); waits until
 * `section` is open. Not timed: it is the way out of a section typed in.
 */
export async function leaveDiscardingTyping(browser, section) {
  await browser.$(`nav button[data-section="${section}"]`).click();
  const discard = await browser.$("button=Wijzigingen weggooien");
  if (await discard.waitForDisplayed({ timeout: 5_000 }).catch(() => false)) await discard.click();
  await browser.waitUntil(
    async () => (await browser.$("main").getAttribute("data-section")) === section,
    { timeout: 30_000, timeoutMsg: `section ${section} did not open` },
  );
}

/** Types `text` into the input `selector` (replacing what was there) and waits until it holds it. */
export async function typeInto(browser, selector, text) {
  const input = await browser.$(selector);
  await input.waitForDisplayed({ timeout: 30_000 });
  const t0 = performance.now();
  await input.setValue(text);
  return doneAfter(
    browser,
    t0,
    async () => (await browser.execute((s) => document.querySelector(s)?.value, selector)) === text,
    `typing into ${selector}`,
  );
}

/**
 * In "Organisaties": opens the "Aanbod" tab and then the `index`-th offering
 * in its list; waits until the edit form shows that offering — by its id,
 * since the bench set repeats names and the form of the offering opened
 * before can already show the same one.
 * Resolves to `{ ms, name }`.
 */
export async function openOffering(browser, index = 0) {
  const tab = await browser.$('[role="tab"][data-tab="aanbod"]');
  await tab.waitForClickable({ timeout: 30_000 });
  await tab.click();
  // The list is virtual (only the rows in view are in the page) and loads
  // its pages after the tab opens: scroll the row into view and wait for it.
  const selector = `[data-testid="offering-list"] [data-index="${index}"] button.link`;
  await browser.waitUntil(
    () =>
      browser.execute(
        (selector, index) => {
          if (document.querySelector(selector)) return true;
          const scroll = document.querySelector('[data-testid="offering-list-scroll"]');
          const row = document.querySelector('[data-testid="offering-list-row"]');
          if (scroll && row) scroll.scrollTop = index * row.offsetHeight;
          return false;
        },
        selector,
        index,
      ),
    { timeout: 30_000, timeoutMsg: `offering ${index} never listed` },
  );
  const link = await browser.$(selector);
  const name = (await link.getText()).trim();
  const id = await link.getAttribute("data-record-id");
  const t0 = performance.now();
  await link.click();
  const ms = await doneAfter(
    browser,
    t0,
    async () =>
      browser.execute(
        (id, name) =>
          [...document.querySelectorAll(`[data-record-id="${id}"] form.record-form input`)].some(
            (i) => i.value === name,
          ),
        id,
        name,
      ),
    "opening an offering",
  );
  return { ms, name };
}
