import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { ReviewItem } from "../lib/ipc";
import { syncedContact } from "../test-records";
import Review from "./Review.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";
const NEVER = "01930000-0000-7000-8000-0000000000c1";
const OVERDUE = "01930000-0000-7000-8000-0000000000c2";
const SOON = "01930000-0000-7000-8000-0000000000c3";

const ITEMS: ReviewItem[] = [
  {
    kind: "contact",
    record_id: NEVER,
    organization_id: ORG,
    title: "Nooit Gecontroleerd",
    assured_date: null,
    due_on: null,
    almost_due: false,
  },
  {
    kind: "offering",
    record_id: OVERDUE,
    organization_id: ORG,
    title: "Taalcafé",
    assured_date: "2026-03-01",
    due_on: "2026-08-30",
    almost_due: false,
  },
  {
    kind: "organization",
    record_id: SOON,
    organization_id: ORG,
    title: "De Overkant",
    assured_date: "2026-06-10",
    due_on: "2026-12-09",
    almost_due: true,
  },
];

function mock(calls: [string, Record<string, unknown>][]) {
  mockIPC((cmd, args) => {
    calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
    switch (cmd) {
      case "organizations":
        return [{ id: ORG, name: "De Overkant", websites: [] }];
      case "due_for_review":
        return ITEMS;
      case "mark_checked": {
        const { kind, id } = args as { kind: string; id: string };
        return { record: { kind, id, name: "x" }, version: 1, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
      }
      case "record":
        return syncedContact(NEVER, ORG, "Nooit Gecontroleerd");
      default:
        return null;
    }
  });
}

function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`tr[data-record-id="${id}"]`);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

describe("Review (Controle)", () => {
  it("lists what is due and marks what is almost due as such", async () => {
    mock([]);
    render(Review);
    await screen.findByTestId("due-list");

    const soon = within(row(SOON)).getByTestId("due-when");
    expect(soon.textContent).toContain("Op 9 dec");
    expect(within(soon).getByTestId("almost-due").textContent).toBe("binnenkort");
    for (const id of [NEVER, OVERDUE]) {
      expect(within(row(id)).queryByTestId("almost-due")).toBeNull();
    }
    expect(within(row(OVERDUE)).getByTestId("due-when").textContent).toContain("Sinds 30 aug");
    expect(within(row(NEVER)).getByTestId("due-when").textContent).toContain("nooit gecontroleerd");
    expect(screen.getByTestId("due-summary").textContent).toContain("2 te controleren, 1 binnenkort");
  });

  it("marks every selected record as checked, and only those", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mock(calls);
    render(Review);
    await screen.findByTestId("due-list");
    const button = screen.getByTestId("check-selected") as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    await fireEvent.click(screen.getByRole("checkbox", { name: "Nooit Gecontroleerd selecteren" }));
    await fireEvent.click(screen.getByRole("checkbox", { name: "De Overkant selecteren" }));
    expect(button.textContent).toContain("(2)");
    await fireEvent.click(button);

    await waitFor(() => expect(calls.filter(([c]) => c === "mark_checked")).toHaveLength(2));
    const checked = calls.filter(([c]) => c === "mark_checked").map(([, a]) => a);
    expect(checked).toEqual([
      { kind: "contact", id: NEVER },
      { kind: "organization", id: SOON },
    ]);
    // The list is asked again after the checks.
    await waitFor(() => expect(calls.filter(([c]) => c === "due_for_review").length).toBeGreaterThan(1));
  });

  it("selects all at once", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mock(calls);
    render(Review);
    await screen.findByTestId("due-list");
    await fireEvent.click(screen.getByRole("checkbox", { name: "Alles selecteren" }));
    await fireEvent.click(screen.getByTestId("check-selected"));
    await waitFor(() => expect(calls.filter(([c]) => c === "mark_checked")).toHaveLength(3));
  });

  it("opens a record from the list to look it over", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mock(calls);
    render(Review);
    await screen.findByTestId("due-list");
    await fireEvent.click(screen.getByRole("button", { name: "Nooit Gecontroleerd" }));
    const opened = await screen.findByTestId("opened-record");
    expect(calls.find(([c]) => c === "record")?.[1]).toEqual({ kind: "contact", id: NEVER });
    expect((within(opened).getByLabelText("Naam *") as HTMLInputElement).value).toBe("Nooit Gecontroleerd");
    await fireEvent.click(within(opened).getByRole("button", { name: "Gecontroleerd" }));
    await waitFor(() =>
      expect(calls.find(([c]) => c === "mark_checked")?.[1]).toEqual({ kind: "contact", id: NEVER }),
    );
  });
});
