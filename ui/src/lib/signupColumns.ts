// The columns of a sign-up list: the form's fields in form order, then
// answers to fields no longer on the form (their answers are kept), then
// when and status. Each knows how the core sorts by it.

import type { AnswerValue } from "./bindings/AnswerValue";
import type { FormField } from "./bindings/FormField";
import type { SignupSortColumn } from "./bindings/SignupSortColumn";
import { formatNumber } from "./format";
import { m } from "./paraglide/messages";

export type SignupColumn =
  | { kind: "answer"; id: string; key: string; label: string; title: string; sort: SignupSortColumn }
  | { kind: "submitted_at" | "status"; id: string; label: string; title: string; sort: SignupSortColumn };

export function signupColumns(form: FormField[], answerKeys: string[]): SignupColumn[] {
  const onForm = new Set(form.map((f) => f.key));
  const answer = (key: string, label: string, title: string): SignupColumn => ({
    kind: "answer",
    id: `answer:${key}`,
    key,
    label,
    title,
    sort: { by: "answer", key },
  });
  return [
    ...form.map((f) => answer(f.key, f.label, m.signup_col_sort_by({ label: f.label }))),
    ...answerKeys
      .filter((k) => !onForm.has(k))
      .map((k) => answer(k, m.signup_col_gone({ key: k }), m.signup_col_gone_title())),
    {
      kind: "submitted_at",
      id: "submitted_at",
      label: m.signup_col_submitted(),
      title: m.signup_col_submitted_title(),
      sort: { by: "submitted_at" },
    },
    { kind: "status", id: "status", label: m.signup_col_status(), title: m.signup_col_status_title(), sort: { by: "status" } },
  ];
}

/** An answer as the list shows it: checkboxes as ja/nee (yes/no), numbers formatted, nothing as empty. */
export function answerText(value: AnswerValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? m.answer_yes() : m.answer_no();
  if (typeof value === "number") return formatNumber(value);
  return value;
}
