import { describe, expect, it } from "vitest";
import { exportFileName } from "./exportFileName";

describe("exportFileName", () => {
  it("is the title in safe characters and the Dutch start date", () => {
    expect(exportFileName({ title: "Café voor mantelzorgers", starts_at: "2026-10-24T22:30:00Z" }, "csv")).toBe(
      "aanmeldingen-cafe-voor-mantelzorgers-2026-10-25.csv",
    );
    expect(exportFileName({ title: "../Ouders & kind: 0–4 jaar?*", starts_at: "2026-03-01T09:00:00Z" }, "xlsx")).toBe(
      "aanmeldingen-ouders-kind-0-4-jaar-2026-03-01.xlsx",
    );
    expect(exportFileName({ title: "Crèche-ochtend", starts_at: "2026-06-30T22:30:00Z" }, "csv")).toBe(
      "aanmeldingen-creche-ochtend-2026-07-01.csv",
    );
    expect(exportFileName({ title: "🎉", starts_at: "kapot" }, "csv")).toBe("aanmeldingen.csv");
  });
});
