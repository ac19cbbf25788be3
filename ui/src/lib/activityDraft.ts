// An activity as the editor holds it: text as typed, dates and times as
// Dutch wall time, capacity as text (empty is unlimited). `activityFrom`
// turns that into the record's fields with messages per field (in the
// chosen language) for what
// cannot be saved (the same rules Rust checks, said before the round trip);
// `copyOfActivity` is the start of a duplicate: a new id, "(kopie)", a draft,
// the form copied and never the sign-ups (they are other records).

import type { Activity } from "./bindings/Activity";
import type { ActivityStatus } from "./bindings/ActivityStatus";
import { fromWallTime, toWallTime, WallTimeError, type WallTime } from "./amsterdamTime";
import type { FormField } from "./bindings/FormField";
import { m } from "./paraglide/messages";
import { uuidv7 } from "./uuid";

export type { Activity, ActivityStatus };

/** The statuses as the editor offers them, in the chosen language. */
export const STATUS_LABELS: Record<ActivityStatus, () => string> = {
  draft: m.activity_status_choice_draft,
  published: m.activity_status_choice_published,
  cancelled: m.activity_status_choice_cancelled,
};

export interface ActivityDraft {
  title: string;
  description: string;
  location: string;
  capacity: string;
  status: ActivityStatus;
  starts: WallTime;
  ends: WallTime;
  opens: WallTime;
  closes: WallTime;
  form: FormField[];
}

/** The fields of an activity the editor changes. */
export type ActivityFields = Pick<
  Activity,
  | "title"
  | "description"
  | "location"
  | "capacity"
  | "status"
  | "starts_at"
  | "ends_at"
  | "signup_opens_at"
  | "signup_closes_at"
  | "form"
>;

/** A deep copy that also works on the window's reactive (proxied) data. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const EMPTY: WallTime = { date: "", time: "" };
const wall = (iso: string | null): WallTime => (iso ? toWallTime(iso) : { ...EMPTY });

export function emptyDraft(): ActivityDraft {
  return {
    title: "",
    description: "",
    location: "",
    capacity: "",
    status: "draft",
    starts: { ...EMPTY },
    ends: { ...EMPTY },
    opens: { ...EMPTY },
    closes: { ...EMPTY },
    form: [],
  };
}

export function draftOfActivity(a: Activity): ActivityDraft {
  return {
    title: a.title,
    description: a.description ?? "",
    location: a.location ?? "",
    capacity: a.capacity === null ? "" : String(a.capacity),
    status: a.status,
    starts: wall(a.starts_at),
    ends: wall(a.ends_at),
    opens: wall(a.signup_opens_at),
    closes: wall(a.signup_closes_at),
    form: clone(a.form),
  };
}

/** Per field of the record, what is wrong, in the chosen language. */
export type Problems = Partial<Record<keyof ActivityFields, string>>;

function moment(value: WallTime, required: boolean, problems: Problems, field: keyof ActivityFields): string | null {
  if (!required && value.date.trim() === "" && value.time.trim() === "") return null;
  try {
    return fromWallTime(value);
  } catch (e) {
    problems[field] = e instanceof WallTimeError ? e.message : m.draft_bad_moment();
    return null;
  }
}

const optionalText = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** The record's fields from the draft, or what is wrong with it. */
export function activityFrom(
  draft: ActivityDraft,
): { ok: true; fields: ActivityFields } | { ok: false; problems: Problems } {
  const problems: Problems = {};
  const title = draft.title.trim();
  if (title === "") problems.title = m.draft_title_missing();
  const starts = moment(draft.starts, true, problems, "starts_at");
  const ends = moment(draft.ends, true, problems, "ends_at");
  if (starts && ends && ends < starts) problems.ends_at = m.draft_ends_before_start();
  const opens = moment(draft.opens, false, problems, "signup_opens_at");
  const closes = moment(draft.closes, false, problems, "signup_closes_at");
  if (opens && closes && closes < opens)
    problems.signup_closes_at = m.draft_closes_before_opens();
  let capacity: number | null = null;
  const capacityText = draft.capacity.trim();
  if (capacityText !== "") {
    capacity = /^\d+$/.test(capacityText) ? Number(capacityText) : NaN;
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      problems.capacity = m.draft_capacity_invalid();
  }
  if (Object.keys(problems).length > 0 || starts === null || ends === null) return { ok: false, problems };
  return {
    ok: true,
    fields: {
      title,
      description: optionalText(draft.description),
      location: optionalText(draft.location),
      capacity,
      status: draft.status,
      starts_at: starts,
      ends_at: ends,
      signup_opens_at: opens,
      signup_closes_at: closes,
      form: draft.form,
    },
  };
}

/** Deep equality of JSON values, whatever the order of an object's keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter((k) => ra[k] !== undefined || rb[k] !== undefined));
  return [...keys].every((k) => sameValue(ra[k], rb[k]));
}

const sameMoment = (a: string | null, b: string | null): boolean =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/** The fields that differ from the stored activity (only those are sent). */
export function changedActivityFields(stored: Activity, next: ActivityFields): Partial<ActivityFields> {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(next) as [keyof ActivityFields, unknown][]) {
    const before: unknown = stored[name];
    const same =
      name === "starts_at" || name === "ends_at" || name === "signup_opens_at" || name === "signup_closes_at"
        ? sameMoment(before as string | null, value as string | null)
        : sameValue(before, value);
    if (!same) changes[name] = value;
  }
  return changes as Partial<ActivityFields>;
}

/** The start of a duplicate: same details and form, new id, "(kopie)", a draft. */
export function copyOfActivity(a: Activity): Activity {
  return {
    ...clone(a),
    id: uuidv7(),
    title: m.draft_copy_title({ title: a.title }),
    status: "draft",
    assured_date: null,
  };
}
