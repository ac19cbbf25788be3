// Records by kind. `AnyRecord` (generated from Rust) is a union tagged by
// `kind`; this module gives a record or a list of one kind its own type by
// checking the tag, never by casting, and checks a record built from form
// values against the generated field catalog before it goes to Rust.

import type { AnyRecord } from "./bindings/AnyRecord";
import type { AppError } from "./bindings/AppError";
import type { FieldInfo } from "./bindings/FieldInfo";
import { FIELD_CATALOG } from "./bindings/fieldCatalog";
import type { LocalRecord } from "./bindings/LocalRecord";
import type { RecordKind } from "./bindings/RecordKind";
import type { ValueType } from "./bindings/ValueType";

/** The record type of one kind, e.g. `RecordOf<"contact">`. */
export type RecordOf<K extends RecordKind> = Extract<AnyRecord, { kind: K }>;

/** A `LocalRecord` whose record is of one kind. */
export type LocalRecordOf<K extends RecordKind> = Omit<LocalRecord, "record"> & { record: RecordOf<K> };

/** Every kind's fields as Rust describes them (`kaart_api::fields::field_catalog`). */
export const CATALOG: Readonly<Record<RecordKind, { readonly checkable: boolean; readonly fields: readonly FieldInfo[] }>> =
  FIELD_CATALOG;

type CatalogField<K extends RecordKind> = (typeof FIELD_CATALOG)[K]["fields"][number];
/** The names of the fields of a kind. */
export type FieldName<K extends RecordKind> = CatalogField<K>["name"];
/** The names of the fields of a kind that a manager may change. */
export type EditableFieldName<K extends RecordKind> = Extract<CatalogField<K>, { editable: true }>["name"];

export function isOfKind<K extends RecordKind>(local: LocalRecord, kind: K): local is LocalRecordOf<K> {
  return local.record.kind === kind;
}

function wrongKind(expected: RecordKind, got: RecordKind): AppError {
  return { code: "internal", reason: { kind: "unworded" }, message: `Verwacht: een gegeven van de soort ${expected}, gekregen: ${got}.` };
}

/** The record as one of `kind`; anything else is an error on Rust's side. */
export function narrow<K extends RecordKind>(local: LocalRecord, kind: K): LocalRecordOf<K> {
  if (isOfKind(local, kind)) return local;
  throw wrongKind(kind, local.record.kind);
}

/** Every record as one of `kind` (see `narrow`). */
export function narrowAll<K extends RecordKind>(list: LocalRecord[], kind: K): LocalRecordOf<K>[] {
  return list.map((local) => narrow(local, kind));
}

/** The name (or title) a list shows for a record; a sign-up has none. */
export function recordName(record: AnyRecord): string {
  switch (record.kind) {
    case "activity":
      return record.title;
    case "signup":
      return "";
    default:
      return record.name;
  }
}

/** The organisation a record belongs to; `null` for the manager's profile. */
export function organizationIdOf(record: AnyRecord): string | null {
  switch (record.kind) {
    case "organization":
      return record.id;
    case "profile":
      return null;
    default:
      return record.organization_id;
  }
}

/** When the record was last checked; sign-ups are never checked. */
export function assuredDateOf(record: AnyRecord): string | null {
  return record.kind === "signup" ? null : record.assured_date;
}

const HOLDS: Record<ValueType, (value: unknown) => boolean> = {
  text: (v) => typeof v === "string",
  date: (v) => typeof v === "string",
  date_time: (v) => typeof v === "string",
  id: (v) => typeof v === "string",
  choice: (v) => typeof v === "string",
  number: (v) => typeof v === "number",
  bool: (v) => typeof v === "boolean",
  list: (v) => Array.isArray(v),
  map: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

function isRecordKind(value: unknown): value is RecordKind {
  return typeof value === "string" && Object.hasOwn(CATALOG, value);
}

/**
 * Whether `value` is a whole record as Rust expects it: a known `kind`,
 * every field of that kind with a value of its type (`null` only where the
 * field is optional), and nothing else.
 */
export function isAnyRecord(value: Record<string, unknown>): value is AnyRecord {
  const kind = value.kind;
  if (!isRecordKind(kind)) return false;
  const fields = CATALOG[kind].fields;
  const known = new Set(["kind", ...fields.map((f) => f.name)]);
  if (Object.keys(value).some((key) => !known.has(key))) return false;
  return fields.every((f) => {
    const v = value[f.name];
    return v === null ? f.optional : v !== undefined && HOLDS[f.value](v);
  });
}
