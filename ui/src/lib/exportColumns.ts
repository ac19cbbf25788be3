// The columns of the export panel: the sign-up list's columns (form fields in
// form order, answers to removed fields, submitted-at, status) arranged as
// the manager last chose for this organisation. Remembered columns come
// first, in their remembered order and with their remembered tick; columns
// the manager never saw (a new field) follow, ticked when they are on the
// form, as are submitted-at and status. Answers to removed fields start
// unticked, as in the core's default columns.

import type { Column } from "./bindings/Column";
import type { ColumnChoice } from "./bindings/ColumnChoice";
import type { FormField } from "./bindings/FormField";
import { signupColumns } from "./signupColumns";

export interface ExportColumn {
  column: Column;
  label: string;
  included: boolean;
}

function columnId(column: Column): string {
  return column.of === "answer" ? `answer:${column.key}` : column.of;
}

/** The panel's columns for an activity, arranged by the remembered choices. */
export function arrangeColumns(form: FormField[], answerKeys: string[], remembered: ColumnChoice[]): ExportColumn[] {
  const onForm = new Set(form.map((f) => f.key));
  const available = new Map<string, ExportColumn>();
  for (const c of signupColumns(form, answerKeys)) {
    const column: Column = c.kind === "answer" ? { of: "answer", key: c.key } : { of: c.kind };
    const included = c.kind !== "answer" || onForm.has(c.key);
    available.set(c.id, { column, label: c.label, included });
  }
  const arranged: ExportColumn[] = [];
  for (const choice of remembered) {
    const found = available.get(columnId(choice.column));
    if (!found) continue;
    arranged.push({ ...found, included: choice.included });
    available.delete(columnId(choice.column));
  }
  return [...arranged, ...available.values()];
}

/**
 * What to remember after an export: the panel's columns in their order, then
 * remembered columns this activity does not have (they still count for the
 * organisation's other activities).
 */
export function columnsToRemember(shown: ExportColumn[], remembered: ColumnChoice[]): ColumnChoice[] {
  const ids = new Set(shown.map((c) => columnId(c.column)));
  return [
    ...shown.map((c) => ({ column: c.column, included: c.included })),
    ...remembered.filter((c) => !ids.has(columnId(c.column))),
  ];
}

/** Moves the column at `index` one place up (-1) or down (+1). */
export function moveColumn(columns: ExportColumn[], index: number, step: -1 | 1): ExportColumn[] {
  const to = index + step;
  if (to < 0 || to >= columns.length) return columns;
  const next = [...columns];
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}
