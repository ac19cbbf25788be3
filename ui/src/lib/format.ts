// How dates, times, numbers and sync states read in the chosen language
// (`Intl` with "nl-NL" or "en-GB", words from the message catalogue). Pure
// functions of the value and the current language, so they are easy to
// test, the same everywhere in the window, and re-run by a template when the
// language changes.

import type { SyncStatus } from "./ipc";
import { intlLocale } from "./i18n.svelte";
import { m } from "./paraglide/messages";

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** An `Intl.DateTimeFormat` for the current language, made once per language. */
export function dateFormat(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${intlLocale()}|${name}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(), options);
    dateFormats.set(key, format);
  }
  return format;
}

/** `1499` → "1.499" (Dutch) or "1,499" (English). */
export function formatNumber(n: number): string {
  const locale = intlLocale();
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(n);
}

/** A counted message ("3 wijzigingen wachten"): the count picks the form, shown formatted. */
export function counted(message: (inputs: { count: number; shown: string }) => string, n: number): string {
  return message({ count: n, shown: formatNumber(n) });
}

const DATE: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
const DATE_TIME: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };

/** `2026-05-24` → "24 mei 2026"; `null` → "nooit". */
export function formatDate(value: string | null): string {
  if (!value) return m.date_never();
  const [y, mo, d] = value.split("-").map(Number);
  return dateFormat("date", DATE).format(new Date(y, mo - 1, d));
}

/** An RFC 3339 moment → "24 mei 2026 14:05". */
export function formatDateTime(value: string): string {
  return dateFormat("dateTime", DATE_TIME).format(new Date(value));
}

/** The one line the status bar shows about the connection and a running sync. */
export function connectionText(status: SyncStatus): string {
  if (status.syncing) {
    const { phase, done, total } = status.syncing;
    const step = phase === "sending" ? m.sync_sending() : m.sync_fetching();
    return total !== null
      ? m.sync_progress_of({ step, done: formatNumber(done), total: formatNumber(total) })
      : m.sync_progress({ step, done: formatNumber(done) });
  }
  switch (status.connectivity) {
    case "online":
      return m.connectivity_online();
    case "offline":
      return m.connectivity_offline();
    case "signed_out":
      return m.connectivity_signed_out();
    case "unknown":
      return m.connectivity_unknown();
  }
}

/** "Laatst gesynchroniseerd om 14:05" (today) or with the date. */
export function lastSyncedText(status: SyncStatus): string {
  if (!status.last_synced_at) return m.last_synced_never();
  const at = new Date(status.last_synced_at);
  const today = new Date();
  const sameDay = at.toDateString() === today.toDateString();
  return sameDay
    ? m.last_synced_at({ time: dateFormat("time", TIME).format(at) })
    : m.last_synced_on({ moment: dateFormat("dateTime", DATE_TIME).format(at) });
}
