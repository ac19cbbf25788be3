// How dates, times and sync states read in Dutch. Pure functions, so they
// are easy to test and the same everywhere in the window.

import type { SyncStatus } from "./ipc";

const DATE = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat("nl-NL", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const TIME = new Intl.DateTimeFormat("nl-NL", { hour: "2-digit", minute: "2-digit" });

/** `2026-05-24` → "24 mei 2026"; `null` → "nooit". */
export function formatDate(value: string | null): string {
  if (!value) return "nooit";
  const [y, m, d] = value.split("-").map(Number);
  return DATE.format(new Date(y, m - 1, d));
}

/** An RFC 3339 moment → "24 mei 2026 14:05". */
export function formatDateTime(value: string): string {
  return DATE_TIME.format(new Date(value));
}

/** The one line the status bar shows about the connection and a running sync. */
export function connectionText(status: SyncStatus): string {
  if (status.syncing) {
    const { phase, done, total } = status.syncing;
    const verb = phase === "sending" ? "Versturen" : "Ophalen";
    return total !== null ? `Synchroniseren… ${verb} ${done} van ${total}` : `Synchroniseren… ${verb} (${done})`;
  }
  switch (status.connectivity) {
    case "online":
      return "Verbonden";
    case "offline":
      return "Offline — wijzigingen worden later verstuurd";
    case "signed_out":
      return "Niet aangemeld";
    case "unknown":
      return "Verbinding wordt gecontroleerd…";
  }
}

/** "Laatst gesynchroniseerd om 14:05" (today) or with the date. */
export function lastSyncedText(status: SyncStatus): string {
  if (!status.last_synced_at) return "Nog niet gesynchroniseerd";
  const at = new Date(status.last_synced_at);
  const today = new Date();
  const sameDay = at.toDateString() === today.toDateString();
  return sameDay
    ? `Laatst gesynchroniseerd om ${TIME.format(at)}`
    : `Laatst gesynchroniseerd ${DATE_TIME.format(at)}`;
}

/** "1 wijziging wacht" / "3 wijzigingen wachten". */
export function countText(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
