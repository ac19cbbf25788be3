import { describe, expect, it } from "vitest";
import type { FormField } from "./bindings/FormField";
import { arrangeColumns, columnsToRemember, moveColumn } from "./exportColumns";

const FORM: FormField[] = [
  { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
  { key: "email", label: "E-mailadres", field_type: "email", required: false, options: [] },
];

const shown = (form: FormField[], keys: string[], remembered: Parameters<typeof arrangeColumns>[2]) =>
  arrangeColumns(form, keys, remembered).map((c) => `${c.label}${c.included ? "" : " (uit)"}`);

describe("export columns", () => {
  it("start as the form, then submitted-at and status; removed fields' answers unticked", () => {
    expect(shown(FORM, ["naam", "oud"], [])).toEqual([
      "Naam",
      "E-mailadres",
      "oud (niet meer op het formulier) (uit)",
      "Aangemeld op",
      "Status",
    ]);
  });

  it("follow the remembered order and ticks; a new field follows, ticked", () => {
    const remembered = [
      { column: { of: "status" as const }, included: true },
      { column: { of: "answer" as const, key: "naam" }, included: false },
      { column: { of: "answer" as const, key: "telefoon" }, included: true },
    ];
    expect(shown(FORM, [], remembered)).toEqual(["Status", "Naam (uit)", "E-mailadres", "Aangemeld op"]);
    // What is remembered keeps the column this activity lacks.
    const next = columnsToRemember(moveColumn(arrangeColumns(FORM, [], remembered), 2, -1), remembered);
    expect(next.map((c) => (c.column.of === "answer" ? c.column.key : c.column.of))).toEqual([
      "status",
      "email",
      "naam",
      "submitted_at",
      "telefoon",
    ]);
  });

  it("do not move past either end", () => {
    const columns = arrangeColumns(FORM, [], []);
    expect(moveColumn(columns, 0, -1)).toBe(columns);
    expect(moveColumn(columns, columns.length - 1, 1)).toBe(columns);
  });
});
