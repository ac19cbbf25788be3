// The window's side of the record fields: Dutch labels and input hints,
// keyed by the field names Rust exports (`bindings/fieldCatalog.ts`, from
// `kaart_api::fields::field_catalog`), and the forms built from that catalog:
// which fields, in which order, required or not, text or checkbox all come
// from Rust. Also how form text becomes field values (empty optional text is
// `null`, never "").

import type { RecordKind } from "./ipc";
import type { OrganizationPartKind } from "./newRecord";
import { CATALOG, type EditableFieldName } from "./records";

export interface FieldDef {
  key: string;
  label: string;
  kind?: "text" | "long" | "email" | "tel" | "url" | "checkbox";
  required?: boolean;
  placeholder?: string;
}

/**
 * The Dutch label of every editable field of every kind. The type makes a
 * field Rust adds (or renames) a compile error here until it has a label.
 */
export const FIELD_LABELS: { [K in RecordKind]: Record<EditableFieldName<K>, string> } = {
  organization: {
    name: "Naam",
    description: "Beschrijving",
    kvk_number: "KvK-nummer",
    visiting_street: "Bezoekadres",
    visiting_postcode: "Postcode bezoekadres",
    visiting_city: "Plaats bezoekadres",
    postal_street: "Postadres",
    postal_postcode: "Postcode postadres",
    postal_city: "Plaats postadres",
    phone: "Telefoon",
    email: "E-mailadres",
    website: "Website",
  },
  offering: {
    name: "Naam",
    description: "Beschrijving",
    target_group: "Doelgroep",
    costs: "Kosten",
    application_process: "Aanmelden",
    contact_ids: "Contactpersonen",
    published: "Gepubliceerd",
  },
  activity: {
    title: "Titel",
    description: "Beschrijving",
    starts_at: "Begint",
    ends_at: "Eindigt",
    location: "Locatie",
    capacity: "Aantal plaatsen",
    signup_opens_at: "Aanmelden vanaf",
    signup_closes_at: "Aanmelden tot",
    status: "Status",
    form: "Aanmeldformulier",
  },
  contact: {
    name: "Naam",
    title: "Functie",
    email: "E-mailadres",
    phone: "Telefoon",
    reachability: "Bereikbaarheid",
    photo_url: "Foto",
    agb_code: "AGB-code",
    street: "Adres",
    postcode: "Postcode",
    city: "Plaats",
  },
  signup: {
    status: "Status",
  },
  profile: {
    name: "Naam",
    salutation: "Aanspreekvorm",
    email: "E-mailadres",
    phone: "Telefoon",
    note: "Notitie",
  },
};

/** How a text field is typed in: a long text, or an input of a special type. */
interface InputHint {
  input?: "long" | "email" | "tel" | "url";
  placeholder?: string;
}

/** The kinds edited with a form. */
type FormKind = "organization" | "offering" | "contact" | "profile";

const POSTCODE: InputHint = { placeholder: "1234 AB" };
const EIGHT_DIGITS: InputHint = { placeholder: "8 cijfers" };

const INPUT_HINTS: { [K in FormKind]: Partial<Record<EditableFieldName<K>, InputHint>> } = {
  organization: {
    description: { input: "long" },
    kvk_number: EIGHT_DIGITS,
    visiting_postcode: POSTCODE,
    postal_postcode: POSTCODE,
    phone: { input: "tel" },
    email: { input: "email" },
    website: { input: "url", placeholder: "https://…" },
  },
  offering: {
    description: { input: "long" },
    application_process: { input: "long" },
  },
  contact: {
    email: { input: "email" },
    phone: { input: "tel" },
    reachability: { input: "long" },
    agb_code: EIGHT_DIGITS,
    postcode: POSTCODE,
  },
  profile: {
    salutation: { placeholder: "bijvoorbeeld mevrouw, de heer" },
    email: { input: "email" },
    phone: { input: "tel" },
    note: { input: "long" },
  },
};

/** Editable fields a form does not show (no input for them yet). */
const NOT_IN_FORM: { [K in FormKind]: EditableFieldName<K>[] } = {
  organization: [],
  offering: ["contact_ids"],
  contact: ["photo_url"],
  profile: [],
};

function labelOf<K extends RecordKind>(kind: K, key: string): string | undefined {
  const labels: Record<string, string> = FIELD_LABELS[kind];
  return labels[key];
}

/** A kind's form: its editable fields in Rust's order, minus `NOT_IN_FORM`. */
function formFields<K extends FormKind>(kind: K): FieldDef[] {
  const hints: Partial<Record<string, InputHint>> = INPUT_HINTS[kind];
  const hidden: readonly string[] = NOT_IN_FORM[kind];
  return CATALOG[kind].fields
    .filter((f) => f.editable && !hidden.includes(f.name))
    .map((f) => {
      const hint = hints[f.name];
      const def: FieldDef = { key: f.name, label: labelOf(kind, f.name) ?? f.name };
      if (f.value === "bool") def.kind = "checkbox";
      else {
        if (hint?.input) def.kind = hint.input;
        if (!f.optional) def.required = true;
      }
      if (hint?.placeholder) def.placeholder = hint.placeholder;
      return def;
    });
}

export const ORGANIZATION_FIELDS: FieldDef[] = formFields("organization");
export const CONTACT_FIELDS: FieldDef[] = formFields("contact");
export const OFFERING_FIELDS: FieldDef[] = formFields("offering");
export const PROFILE_FIELDS: FieldDef[] = formFields("profile");

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
  return labelOf(kind, key) ?? key;
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

/**
 * The value type of a field, from the catalog; for a field it does not know
 * (`*`, the whole record), from the values seen (`samples`, e.g. both sides
 * of a conflict).
 */
export function fieldValueType(kind: RecordKind, key: string, ...samples: unknown[]): FieldValueType {
  const info = CATALOG[kind].fields.find((f) => f.name === key);
  if (info) {
    const type = info.value === "bool" ? "bool" : info.value === "number" ? "number" : "text";
    return { type, optional: type !== "bool" && info.optional };
  }
  let type: FieldValueType["type"] = "text";
  if (samples.some((v) => typeof v === "boolean")) type = "bool";
  else if (samples.some((v) => typeof v === "number")) type = "number";
  return { type, optional: type !== "bool" };
}

/** How an organisation's records of one kind are edited and added. */
export interface OrganizationRecordSpec {
  kind: OrganizationPartKind;
  fields: FieldDef[];
  /** Input ids: `<idPrefix>-<field>`, `nieuw-<idPrefix>-<field>` for a new one. */
  idPrefix: string;
  /** The heading of the form for a new one. */
  newTitle: string;
}

export const CONTACT_SPEC: OrganizationRecordSpec = {
  kind: "contact",
  fields: CONTACT_FIELDS,
  idPrefix: "contact",
  newTitle: "Nieuwe contactpersoon",
};

export const OFFERING_SPEC: OrganizationRecordSpec = {
  kind: "offering",
  fields: OFFERING_FIELDS,
  idPrefix: "aanbod",
  newTitle: "Nieuw aanbod",
};
