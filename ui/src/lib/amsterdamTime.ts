// Dutch wall-clock time ↔ the UTC moments the API stores. Managers type and
// read dates and times as they are in the Netherlands (Europe/Amsterdam,
// summer time included) whatever zone the computer is set to; the records
// hold RFC 3339 UTC strings. The zone rules come from the platform's time
// zone data through `Intl` (no offset table of our own): a wall time is
// turned into a moment by asking `Intl` what the Amsterdam offset is around
// it. A time that does not exist (the hour skipped when summer time starts)
// is refused with a message in the chosen language; a time that exists twice (the hour
// repeated when it ends) is the first, summer-time one.

import { dateFormat } from "./format";
import { m } from "./paraglide/messages";

export const ZONE = "Europe/Amsterdam";

/**
 * A wall time in Amsterdam as a form holds it, as typed: `29-03-2026` (also
 * `29-3-2026`, `29/3/2026`, `29.3.2026` or `2026-03-29`) and `02:30` (or `2.30`).
 */
export interface WallTime {
  date: string;
  time: string;
}

const PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function wallParts(ms: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of PARTS.formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return parts;
}

/** Amsterdam's offset from UTC at the moment `ms`, in milliseconds. */
function offsetAt(ms: number): number {
  const p = wallParts(ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** A UTC moment (RFC 3339) as Amsterdam wall time, for a form. */
export function toWallTime(iso: string): WallTime {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { date: "", time: "" };
  const p = wallParts(ms);
  return { date: `${pad(p.day)}-${pad(p.month)}-${pad(p.year, 4)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** Why a wall time could not be turned into a moment, in Dutch. */
export class WallTimeError extends Error {}

const DUTCH_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{1,2})[:.](\d{2})$/;

/** Day, month and year of a date as typed, or `null`. */
function dateParts(text: string): [number, number, number] | null {
  const dutch = DUTCH_DATE.exec(text);
  if (dutch) return [Number(dutch[3]), Number(dutch[2]), Number(dutch[1])];
  const iso = ISO_DATE.exec(text);
  return iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : null;
}

/**
 * An Amsterdam wall time as a UTC moment (`2026-03-29T00:30:00Z`). Throws a
 * `WallTimeError` with a Dutch message for an impossible date or time and
 * for a time skipped by the change to summer time.
 */
export function fromWallTime(wall: WallTime): string {
  const dateText = wall.date.trim();
  if (dateText === "") throw new WallTimeError(m.time_enter_date());
  const d = dateParts(dateText);
  if (!d) throw new WallTimeError(m.time_date_format());
  const t = TIME_RE.exec(wall.time.trim());
  if (!t) throw new WallTimeError(m.time_enter_time());
  const [year, month, day] = d;
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new WallTimeError(m.time_no_such_date());
  }
  if (hour > 23 || minute > 59) throw new WallTimeError(m.time_no_such_time());
  // The offset a few hours either side covers both offsets around a change;
  // the earlier (summer-time) reading wins when the wall time exists twice.
  const candidates = [...new Set([offsetAt(naive - 6 * 3600_000), offsetAt(naive + 6 * 3600_000)])]
    .sort((a, b) => b - a)
    .map((offset) => naive - offset)
    .filter((ms) => naive - offsetAt(ms) === ms);
  if (candidates.length === 0) {
    throw new WallTimeError(
      m.time_summer_gap(),
    );
  }
  return new Date(candidates[0]).toISOString().replace(".000Z", "Z");
}

const LONG: Intl.DateTimeFormatOptions = {
  timeZone: ZONE,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};
const SHORT: Intl.DateTimeFormatOptions = {
  timeZone: ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};

/** "zondag 29 maart 2026 om 03:30" — a moment in Dutch time, in full, in the chosen language. */
export function formatMomentLong(iso: string): string {
  return dateFormat("momentLong", LONG).format(new Date(iso));
}

/** "29 mrt. 2026 03:30" — a moment in Dutch time, short, in the chosen language. */
export function formatMomentShort(iso: string): string {
  return dateFormat("momentShort", SHORT).format(new Date(iso));
}
