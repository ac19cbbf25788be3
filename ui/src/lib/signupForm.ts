// An activity's sign-up form as the manager designs it: the names of
// the eight field types, the builder's editable draft of a field and how it
// becomes the `FormField` Rust stores (key made once from the label, options
// only for a choice, help text only when given), and the checks the window
// makes before saving (the same ones Rust makes, in the manager's words).

import type { FieldType } from "./bindings/FieldType";
import type { FormField } from "./bindings/FormField";
import { uniqueKey } from "./formKeys";
import { m } from "./paraglide/messages";

export type { FieldType, FormField };

/** The eight field types in the order the builder offers them, with their names in the chosen language. */
export const FIELD_TYPES: readonly { type: FieldType; label: () => string }[] = [
  { type: "text", label: m.field_type_text },
  { type: "long_text", label: m.field_type_long_text },
  { type: "email", label: m.field_type_email },
  { type: "phone", label: m.field_type_phone },
  { type: "number", label: m.field_type_number },
  { type: "date", label: m.field_type_date },
  { type: "choice", label: m.field_type_choice },
  { type: "checkbox", label: m.field_type_checkbox },
];

export function fieldTypeLabel(type: FieldType): string {
  return FIELD_TYPES.find((t) => t.type === type)?.label() ?? type;
}

/** One field while it is being designed; `key` is "" until the label gives it one. */
export interface DraftField {
  /** The builder's own id for the field (focus, list order), never stored. */
  uid: string;
  key: string;
  label: string;
  field_type: FieldType;
  required: boolean;
  help: string;
  /** The options of a choice, one per line. Kept when the type changes back and forth. */
  optionsText: string;
}

let uidCounter = 0;
const nextUid = (): string => `f${++uidCounter}`;

export function draftOf(field: FormField): DraftField {
  return {
    uid: nextUid(),
    key: field.key,
    label: field.label,
    field_type: field.field_type,
    required: field.required,
    help: field.help ?? "",
    optionsText: field.options.join("\n"),
  };
}

export function newDraft(): DraftField {
  return { uid: nextUid(), key: "", label: "", field_type: "text", required: false, help: "", optionsText: "" };
}

/** The options of a draft, one per non-empty line. */
export function optionsOf(draft: DraftField): string[] {
  return draft.optionsText
    .split("\n")
    .map((o) => o.trim())
    .filter((o) => o !== "");
}

/**
 * The drafts as the form Rust stores. A field whose key is still unmade gets
 * one from its label here (the builder makes it for good when the label is
 * left), so what is saved always has valid, unique keys. `reserved` are keys
 * a new field may not take (those of stored fields, even removed ones: their
 * answers stay under that key and must not become a new question's).
 */
export function formOf(drafts: readonly DraftField[], reserved: readonly string[] = []): FormField[] {
  const taken = new Set([...reserved, ...drafts.map((d) => d.key).filter((k) => k !== "")]);
  return drafts.map((d) => {
    let key = d.key;
    if (key === "") {
      key = uniqueKey(d.label, taken);
      taken.add(key);
    }
    const field: FormField = {
      key,
      label: d.label.trim(),
      field_type: d.field_type,
      required: d.required,
      options: d.field_type === "choice" ? optionsOf(d) : [],
    };
    const help = d.help.trim();
    if (help !== "") field.help = help;
    return field;
  });
}

/** What is wrong with each field (by position), in the chosen language; empty when all is well. */
export function formProblems(form: readonly FormField[]): Record<number, string> {
  const problems: Record<number, string> = {};
  form.forEach((f, i) => {
    if (f.label === "") problems[i] = m.form_field_label_missing();
    else if (f.field_type === "choice" && f.options.length === 0)
      problems[i] = m.form_field_options_missing();
    else if (new Set(f.options).size !== f.options.length)
      problems[i] = m.form_field_options_twice();
  });
  return problems;
}

/** `form[2].label` (a field error from Rust) → 2; anything else → null. */
export function formFieldIndex(field: string | undefined): number | null {
  const m = /^form\[(\d+)\]/.exec(field ?? "");
  return m ? Number(m[1]) : null;
}
