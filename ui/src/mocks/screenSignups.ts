// The activity list and sign-up pages of the screen build's mocked IPC: the
// demo-like activities of `screenData.ts` plus "Open dag" with 20,000 made-up
// sign-ups, generated a page at a time like the core answers them (search
// and status filter applied; sorting of sign-ups is the core's job and is
// tested there; the activity list is sorted roughly like the core, by date,
// title or sign-ups).

import type { ActivityPage } from "../lib/bindings/ActivityPage";
import type { ActivityQuery } from "../lib/bindings/ActivityQuery";
import type { ActivityRow } from "../lib/bindings/ActivityRow";
import type { LocalRecord } from "../lib/bindings/LocalRecord";
import type { SignupPage } from "../lib/bindings/SignupPage";
import type { SignupQuery } from "../lib/bindings/SignupQuery";
import { ORG_A, RECORDS } from "./screenData";

export const BIG_ACTIVITY = "01930000-0000-7000-8000-0000000000a9";
export const BIG_COUNT = 20_000;

const day = 24 * 3600 * 1000;
const start = Date.now() + 12 * day;

const BIG: LocalRecord = {
  record: {
    kind: "activity",
    id: BIG_ACTIVITY,
    organization_id: ORG_A,
    title: "Open dag Sociaal Wijkteam",
    description: "Inloop met informatiemarkt.",
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(start + 6 * 3600 * 1000).toISOString(),
    location: "Stadhuisplein 1",
    capacity: 25_000,
    signup_opens_at: null,
    signup_closes_at: null,
    status: "published",
    form: [
      { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
      { key: "email", label: "E-mail", field_type: "email", required: true, options: [] },
      { key: "aantal", label: "Aantal personen", field_type: "number", required: false, options: [] },
    ],
    assured_date: null,
  },
  version: 1,
  pending_edits: 0,
  rejected_edits: 0,
  conflicts: 0,
};

function bigSignup(i: number): LocalRecord {
  return {
    record: {
      kind: "signup",
      id: `01930000-0000-7000-9000-${String(i).padStart(12, "0")}`,
      organization_id: ORG_A,
      activity_id: BIG_ACTIVITY,
      submitted_at: new Date(start - 30 * day + i * 60_000).toISOString(),
      answers: { naam: `Deelnemer ${i + 1}`, email: `deelnemer${i + 1}@voorbeeld.nl`, aantal: 1 + (i % 4) },
      status: i % 17 === 0 ? "cancelled" : "registered",
    },
    version: 1,
    pending_edits: 0,
    rejected_edits: 0,
    conflicts: 0,
  };
}

const fold = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function matches(local: LocalRecord, query: SignupQuery): boolean {
  if (local.record.kind !== "signup") return false;
  if (query.status !== null && local.record.status !== query.status) return false;
  const words = fold(query.search).split(/\s+/).filter(Boolean);
  const text = fold(Object.values(local.record.answers).join(" "));
  return words.every((w) => text.split(/[^\p{L}\p{N}]+/u).some((t) => t.startsWith(w)));
}

/** "Open dag" whole, for `record` (it is not in `RECORDS`). */
export const BIG_RECORD = BIG;

function activityRow(local: LocalRecord): ActivityRow | null {
  const a = local.record;
  if (a.kind !== "activity") return null;
  const signups = a.id === BIG_ACTIVITY ? [] : RECORDS.filter((r) => r.record.kind === "signup" && r.record.activity_id === a.id);
  const registered = a.id === BIG_ACTIVITY ? BIG_COUNT - Math.ceil(BIG_COUNT / 17) : signups.length;
  const cancelled = a.id === BIG_ACTIVITY ? Math.ceil(BIG_COUNT / 17) : 0;
  const places_left = a.capacity === null ? null : Math.max(0, a.capacity - registered);
  return {
    id: a.id,
    title: a.title,
    starts_at: a.starts_at,
    ends_at: a.ends_at,
    status: a.status,
    capacity: a.capacity,
    counts: { registered, cancelled, places_left, full: places_left === 0 },
    version: local.version,
    pending_edits: local.pending_edits,
    rejected_edits: local.rejected_edits,
    conflicts: local.conflicts,
  };
}

export function mockActivityPage(query: ActivityQuery): ActivityPage {
  const now = Date.now();
  const words = fold(query.search).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const rows = [...RECORDS, BIG]
    .filter((l) => l.record.kind === "activity" && (query.organization === null || l.record.organization_id === query.organization))
    .map(activityRow)
    .filter((r): r is ActivityRow => r !== null)
    .filter((r) => query.period === "all" || (new Date(r.ends_at).getTime() >= now) === (query.period === "upcoming"))
    .filter((r) => words.every((w) => fold(r.title).split(/[^\p{L}\p{N}]+/u).some((t) => t.startsWith(w))));
  const key = (r: ActivityRow): string | number =>
    query.sort === "title" ? fold(r.title) : query.sort === "signups" ? r.counts.registered : new Date(r.starts_at).getTime();
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.starts_at.localeCompare(b.starts_at)));
  if (query.descending) rows.reverse();
  return { total: rows.length, rows: rows.slice(query.offset, query.offset + query.limit) };
}

export function mockSignupPage(query: SignupQuery): SignupPage {
  const scope = query.scope.id;
  const all: LocalRecord[] =
    scope === BIG_ACTIVITY
      ? Array.from({ length: BIG_COUNT }, (_, i) => bigSignup(i))
      : RECORDS.filter((r) => r.record.kind === "signup" && r.record.activity_id === scope);
  const found = all.filter((r) => matches(r, query));
  if (query.descending) found.reverse();
  return { total: found.length, rows: found.slice(query.offset, query.offset + query.limit) };
}

export function mockAnswerKeys(activity: string): string[] {
  if (activity === BIG_ACTIVITY) return ["aantal", "email", "naam"];
  const keys = new Set<string>();
  for (const r of RECORDS) if (r.record.kind === "signup" && r.record.activity_id === activity) Object.keys(r.record.answers).forEach((k) => keys.add(k));
  return [...keys].sort();
}
