// A field's value as a person reads it, for places that show a value on its
// own — above all the conflict screen, where both sides of a field stand side
// by side. Plain values become one line ("ja", "(leeg)"); lists become one
// line per item: a sign-up form field as "Naam — Korte tekst, verplicht",
// a website as "Naam (https://…)", an id as the name of what it points to
// when that is known; a map becomes "sleutel: waarde" lines. Never JSON,
// never "[object Object]".

import { formatNumber } from "./format";
import { m } from "./paraglide/messages";
import { fieldTypeLabel, type FieldType } from "./signupForm";

export type Readable = { lines: string[]; list: boolean };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function scalar(value: unknown): string {
  if (value === null || value === undefined) return m.value_empty();
  if (typeof value === "boolean") return value ? m.yes() : m.no();
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value === "" ? m.value_empty() : value;
  if (Array.isArray(value)) return value.map(scalar).join(", ");
  if (isObject(value)) return Object.entries(value).map(([k, v]) => `${k}: ${scalar(v)}`).join(", ");
  return String(value);
}

function isFormField(v: Record<string, unknown>): boolean {
  return typeof v.label === "string" && typeof v.field_type === "string";
}

function formFieldLine(f: Record<string, unknown>): string {
  const parts = [fieldTypeLabel(f.field_type as FieldType)];
  if (f.required === true) parts.push(m.required_marker());
  let line = `${String(f.label)} — ${parts.join(", ")}`;
  if (Array.isArray(f.options) && f.options.length > 0) line += `; ${m.form_field_options_line({ options: f.options.map(String).join(", ") })}`;
  if (typeof f.help === "string" && f.help !== "") line += `; ${m.form_field_help_line({ help: f.help })}`;
  return line;
}

function itemLine(item: unknown, names: Readonly<Record<string, string>>): string {
  if (typeof item === "string") return names[item] ?? item;
  if (!isObject(item)) return scalar(item);
  if (isFormField(item)) return formFieldLine(item);
  if (typeof item.name === "string" && typeof item.url === "string") return `${item.name} (${item.url})`;
  const title = item.name ?? item.title ?? item.label;
  const rest = Object.entries(item)
    .filter(([k]) => !["name", "title", "label", "id", "key"].includes(k))
    .map(([k, v]) => `${k}: ${scalar(v)}`);
  return typeof title === "string" ? [title, ...rest].join(" — ") : rest.join(", ");
}

/**
 * `value` as lines to show; `names` gives the names of ids in a list (e.g.
 * an offering's contact persons).
 */
export function readableValue(value: unknown, names: Readonly<Record<string, string>> = {}): Readable {
  if (Array.isArray(value)) {
    return value.length === 0 ? { lines: [m.value_none()], list: false } : { lines: value.map((v) => itemLine(v, names)), list: true };
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0
      ? { lines: [m.value_none()], list: false }
      : { lines: entries.map(([k, v]) => `${k}: ${scalar(v)}`), list: true };
  }
  return { lines: [scalar(value)], list: false };
}

/** True for a value that is a list or a map (not edited as one line of text). */
export function isStructured(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}
