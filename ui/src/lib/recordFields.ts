// Which fields each editable record shows in its form, with Dutch labels, and
// how form text becomes field values (empty optional text is `null`, never
// ""). Field keys are the Rust/wire names (`kaart_api::records`).

import type { RecordKind } from "./ipc";

export interface FieldDef {
  key: string;
  label: string;
  kind?: "text" | "long" | "email" | "tel" | "url" | "checkbox";
  required?: boolean;
  placeholder?: string;
}

export const ORGANIZATION_FIELDS: FieldDef[] = [
  { key: "name", label: "Naam", required: true },
  { key: "description", label: "Beschrijving", kind: "long" },
  { key: "kvk_number", label: "KvK-nummer", placeholder: "8 cijfers" },
  { key: "visiting_street", label: "Bezoekadres" },
  { key: "visiting_postcode", label: "Postcode bezoekadres", placeholder: "1234 AB" },
  { key: "visiting_city", label: "Plaats bezoekadres" },
  { key: "postal_street", label: "Postadres" },
  { key: "postal_postcode", label: "Postcode postadres", placeholder: "1234 AB" },
  { key: "postal_city", label: "Plaats postadres" },
  { key: "phone", label: "Telefoon", kind: "tel" },
  { key: "email", label: "E-mailadres", kind: "email" },
  { key: "website", label: "Website", kind: "url", placeholder: "https://…" },
];

export const CONTACT_FIELDS: FieldDef[] = [
  { key: "name", label: "Naam", required: true },
  { key: "title", label: "Functie" },
  { key: "email", label: "E-mailadres", kind: "email" },
  { key: "phone", label: "Telefoon", kind: "tel" },
  { key: "reachability", label: "Bereikbaarheid", kind: "long" },
  { key: "agb_code", label: "AGB-code", placeholder: "8 cijfers" },
  { key: "street", label: "Adres" },
  { key: "postcode", label: "Postcode", placeholder: "1234 AB" },
  { key: "city", label: "Plaats" },
];

export const OFFERING_FIELDS: FieldDef[] = [
  { key: "name", label: "Naam", required: true },
  { key: "description", label: "Beschrijving", kind: "long" },
  { key: "target_group", label: "Doelgroep" },
  { key: "costs", label: "Kosten" },
  { key: "application_process", label: "Aanmelden", kind: "long" },
  { key: "published", label: "Gepubliceerd", kind: "checkbox" },
];

export const PROFILE_FIELDS: FieldDef[] = [
  { key: "name", label: "Naam", required: true },
  { key: "salutation", label: "Aanspreekvorm", placeholder: "bijvoorbeeld mevrouw, de heer" },
  { key: "email", label: "E-mailadres", kind: "email" },
  { key: "phone", label: "Telefoon", kind: "tel" },
  { key: "note", label: "Notitie", kind: "long" },
];

const BY_KIND: Partial<Record<RecordKind, FieldDef[]>> = {
  organization: ORGANIZATION_FIELDS,
  contact: CONTACT_FIELDS,
  offering: OFFERING_FIELDS,
  profile: PROFILE_FIELDS,
};

export const KIND_LABELS: Record<RecordKind, string> = {
  organization: "Organisatie",
  offering: "Aanbod",
  activity: "Activiteit",
  contact: "Contactpersoon",
  signup: "Aanmelding",
  profile: "Profiel",
};

/** The Dutch label of a field, or the key when it has none. */
export function fieldLabel(kind: RecordKind, key: string): string {
  if (key === "*") return "Het hele gegeven";
  if (key === "assured_date") return "Laatst gecontroleerd";
  if (key === "title" && kind === "activity") return "Titel";
  return BY_KIND[kind]?.find((f) => f.key === key)?.label ?? key;
}

/** The text a form input starts with for a field value. */
export type FormValues = Record<string, string | boolean>;

export function toFormValues(fields: FieldDef[], record: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const v = record[f.key];
    out[f.key] = f.kind === "checkbox" ? v === true : v == null ? "" : String(v);
  }
  return out;
}

/** The field values that differ from `record`, ready for `update_fields`. */
export function changedFields(
  fields: FieldDef[],
  record: Record<string, unknown>,
  values: FormValues,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values[f.key];
    let next: unknown;
    if (f.kind === "checkbox") next = raw === true;
    else {
      const text = String(raw ?? "").trim();
      next = text === "" && !f.required ? null : text;
    }
    const current = record[f.key] ?? (f.kind === "checkbox" ? false : null);
    if (next !== current) changes[f.key] = next;
  }
  return changes;
}

/** What kind of value a field holds, for editing one value on its own. */
export interface FieldValueType {
  type: "bool" | "number" | "text";
  /** `null` (empty) is allowed. */
  optional: boolean;
}

/** Number fields, per kind (none of them is in a form above). */
const NUMBER_FIELDS: Partial<Record<RecordKind, string[]>> = { activity: ["capacity"] };
/** Required fields of kinds without a form above. */
const REQUIRED_FIELDS: Partial<Record<RecordKind, string[]>> = {
  activity: ["title", "starts_at", "ends_at", "status"],
  profile: ["username"],
};

/**
 * The value type of a field: from its form definition or the tables above,
 * else from the values seen (`samples`, e.g. both sides of a conflict).
 */
export function fieldValueType(kind: RecordKind, key: string, ...samples: unknown[]): FieldValueType {
  const def = BY_KIND[kind]?.find((f) => f.key === key);
  let type: FieldValueType["type"] = "text";
  if (def?.kind === "checkbox" || samples.some((v) => typeof v === "boolean")) type = "bool";
  else if (NUMBER_FIELDS[kind]?.includes(key) || samples.some((v) => typeof v === "number")) type = "number";
  const required = def?.required === true || REQUIRED_FIELDS[kind]?.includes(key) === true;
  return { type, optional: type !== "bool" && !required };
}

/** How an organisation's records of one kind are edited and added. */
export interface OrganizationRecordSpec {
  kind: RecordKind;
  fields: FieldDef[];
  /** Input ids: `<idPrefix>-<field>`, `nieuw-<idPrefix>-<field>` for a new one. */
  idPrefix: string;
  /** The heading of the form for a new one. */
  newTitle: string;
  /** Values of fields the form does not show, for a new one. */
  newDefaults: Record<string, unknown>;
}

export const CONTACT_SPEC: OrganizationRecordSpec = {
  kind: "contact",
  fields: CONTACT_FIELDS,
  idPrefix: "contact",
  newTitle: "Nieuwe contactpersoon",
  newDefaults: { photo_url: null },
};

export const OFFERING_SPEC: OrganizationRecordSpec = {
  kind: "offering",
  fields: OFFERING_FIELDS,
  idPrefix: "aanbod",
  newTitle: "Nieuw aanbod",
  newDefaults: { contact_ids: [] },
};
