// The window's side of the record fields: labels (from the catalogue) and input hints,
// keyed by the field names Rust exports (`bindings/fieldCatalog.ts`, from
// `kaart_api::fields::field_catalog`), and the forms built from that catalog:
// which fields, in which order, required or not, text or checkbox all come
// from Rust. Also how form text becomes field values (empty optional text is
// `null`, never "").

import type { RecordKind } from "./ipc";
import type { OrganizationPartKind } from "./newRecord";
import { m } from "./paraglide/messages";
import { CATALOG, type EditableFieldName } from "./records";

export interface FieldDef {
  key: string;
  label: string;
  kind?: "text" | "long" | "email" | "tel" | "url" | "checkbox";
  required?: boolean;
  placeholder?: string;
}

/**
 * The label of every editable field of every kind, in the chosen language
 * (a message of the catalogue). The type makes a
 * field Rust adds (or renames) a compile error here until it has a label.
 */
export const FIELD_LABELS: { [K in RecordKind]: Record<EditableFieldName<K>, () => string> } = {
  organization: {
    name: m.field_organization_name,
    description: m.field_organization_description,
    kvk_number: m.field_organization_kvk_number,
    visiting_street: m.field_organization_visiting_street,
    visiting_postcode: m.field_organization_visiting_postcode,
    visiting_city: m.field_organization_visiting_city,
    postal_street: m.field_organization_postal_street,
    postal_postcode: m.field_organization_postal_postcode,
    postal_city: m.field_organization_postal_city,
    phone: m.field_organization_phone,
    email: m.field_organization_email,
    website: m.field_organization_website,
  },
  offering: {
    name: m.field_offering_name,
    description: m.field_offering_description,
    target_group: m.field_offering_target_group,
    costs: m.field_offering_costs,
    application_process: m.field_offering_application_process,
    contact_ids: m.field_offering_contact_ids,
    published: m.field_offering_published,
  },
  activity: {
    title: m.field_activity_title,
    description: m.field_activity_description,
    starts_at: m.field_activity_starts_at,
    ends_at: m.field_activity_ends_at,
    location: m.field_activity_location,
    capacity: m.field_activity_capacity,
    signup_opens_at: m.field_activity_signup_opens_at,
    signup_closes_at: m.field_activity_signup_closes_at,
    status: m.field_activity_status,
    form: m.field_activity_form,
  },
  contact: {
    name: m.field_contact_name,
    title: m.field_contact_title,
    email: m.field_contact_email,
    phone: m.field_contact_phone,
    reachability: m.field_contact_reachability,
    photo_url: m.field_contact_photo_url,
    agb_code: m.field_contact_agb_code,
    street: m.field_contact_street,
    postcode: m.field_contact_postcode,
    city: m.field_contact_city,
  },
  signup: {
    status: m.field_signup_status,
    answers: m.field_signup_answers,
  },
  profile: {
    name: m.field_profile_name,
    salutation: m.field_profile_salutation,
    email: m.field_profile_email,
    phone: m.field_profile_phone,
    note: m.field_profile_note,
  },
};

/** How a text field is typed in: a long text, or an input of a special type. */
interface InputHint {
  input?: "long" | "email" | "tel" | "url";
  placeholder?: () => string;
}

/** The kinds edited with a form. */
type FormKind = "organization" | "offering" | "contact" | "profile";

const POSTCODE: InputHint = { placeholder: () => "1234 AB" };
const EIGHT_DIGITS: InputHint = { placeholder: m.hint_eight_digits };

const INPUT_HINTS: { [K in FormKind]: Partial<Record<EditableFieldName<K>, InputHint>> } = {
  organization: {
    description: { input: "long" },
    kvk_number: EIGHT_DIGITS,
    visiting_postcode: POSTCODE,
    postal_postcode: POSTCODE,
    phone: { input: "tel" },
    email: { input: "email" },
    website: { input: "url", placeholder: () => "https://…" },
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
    salutation: { placeholder: m.hint_salutation },
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
  const labels: Record<string, (() => string) | undefined> = FIELD_LABELS[kind];
  return labels[key]?.();
}

/** A kind's form: its editable fields in Rust's order, minus `NOT_IN_FORM`. */
function formFields<K extends FormKind>(kind: K): FieldDef[] {
  const hints: Partial<Record<string, InputHint>> = INPUT_HINTS[kind];
  const hidden: readonly string[] = NOT_IN_FORM[kind];
  return CATALOG[kind].fields
    .filter((f) => f.editable && !hidden.includes(f.name))
    .map((f) => {
      const hint = hints[f.name];
      // Label and placeholder are getters: a form reads them in the language
      // chosen at the time it renders.
      const def: FieldDef = {
        key: f.name,
        get label() {
          return labelOf(kind, f.name) ?? f.name;
        },
      };
      if (f.value === "bool") def.kind = "checkbox";
      else {
        if (hint?.input) def.kind = hint.input;
        if (!f.optional) def.required = true;
      }
      const placeholder = hint?.placeholder;
      if (placeholder)
        Object.defineProperty(def, "placeholder", { get: placeholder, enumerable: true });
      return def;
    });
}

export const ORGANIZATION_FIELDS: FieldDef[] = formFields("organization");
export const CONTACT_FIELDS: FieldDef[] = formFields("contact");
export const OFFERING_FIELDS: FieldDef[] = formFields("offering");
export const PROFILE_FIELDS: FieldDef[] = formFields("profile");

/** The name of each kind, in the chosen language (getters, read when shown). */
export const KIND_LABELS: Readonly<Record<RecordKind, string>> = {
  get organization() {
    return m.kind_organization();
  },
  get offering() {
    return m.kind_offering();
  },
  get activity() {
    return m.kind_activity();
  },
  get contact() {
    return m.kind_contact();
  },
  get signup() {
    return m.kind_signup();
  },
  get profile() {
    return m.kind_profile();
  },
};

/** The label of a field in the chosen language, or the key when it has none. */
export function fieldLabel(kind: RecordKind, key: string): string {
  if (key === "*") return m.field_whole_record();
  if (key === "assured_date") return m.field_assured_date();
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
