import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { ConflictView } from "../../lib/ipc";
import ConflictList from "./ConflictList.svelte";

const CONFLICT: ConflictView = {
  id: 7,
  kind: "contact",
  record_id: "01930000-0000-7000-8000-0000000000c1",
  field: "phone",
  reason: "fields_changed",
  yours: "06 1234 5678",
  theirs: "071 516 1250",
};

function mockWith(resolved: unknown[], conflict: ConflictView = CONFLICT) {
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "conflicts":
        return resolved.length === 0 ? [conflict] : [];
      case "record":
        return { record: { kind: "contact", name: "Daniëlle de Vries" } };
      case "resolve_conflict":
        resolved.push(args);
        return null;
      default:
        return null;
    }
  });
}

describe("ConflictList", () => {
  it("shows both values side by side and sends 'take theirs'", async () => {
    const resolved: unknown[] = [];
    mockWith(resolved);
    render(ConflictList);
    expect((await screen.findByTestId("mine")).textContent).toBe("06 1234 5678");
    expect(screen.getByTestId("theirs").textContent).toBe("071 516 1250");
    expect(screen.getByText(/Daniëlle de Vries/)).toBeTruthy();

    await fireEvent.click(screen.getByRole("button", { name: "Neem hun versie" }));
    await waitFor(() =>
      expect(resolved).toEqual([{ conflictId: 7, decision: { choice: "take_theirs" } }]),
    );
    expect(await screen.findByText("Geen conflicten.")).toBeTruthy();
  });

  it("sends 'keep mine'", async () => {
    const resolved: unknown[] = [];
    mockWith(resolved);
    render(ConflictList);
    await fireEvent.click(await screen.findByRole("button", { name: "Behoud mijn versie" }));
    await waitFor(() => expect(resolved).toEqual([{ conflictId: 7, decision: { choice: "keep_mine" } }]));
  });

  it("sends an edited value", async () => {
    const edited: unknown[] = [];
    mockWith(edited);
    render(ConflictList);
    await fireEvent.click(await screen.findByRole("button", { name: "Bewerken" }));
    await fireEvent.input(screen.getByLabelText("Nieuwe waarde"), { target: { value: "071 516 1299" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() =>
      expect(edited).toEqual([{ conflictId: 7, decision: { choice: "edit", value: "071 516 1299" } }]),
    );
  });

  it("keeps a yes/no field's type: the edit sends a boolean", async () => {
    const edited: unknown[] = [];
    mockWith(edited, { ...CONFLICT, kind: "offering", field: "published", yours: true, theirs: false });
    render(ConflictList);
    expect((await screen.findByTestId("mine")).textContent).toBe("ja");
    await fireEvent.click(screen.getByRole("button", { name: "Bewerken" }));
    const box = screen.getByLabelText("Nieuwe waarde") as HTMLInputElement;
    expect(box.type).toBe("checkbox");
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() => expect(edited).toEqual([{ conflictId: 7, decision: { choice: "edit", value: false } }]));
  });

  it("keeps a number field's type, and empties an optional one to null", async () => {
    const conflict: ConflictView = { ...CONFLICT, kind: "activity", field: "capacity", yours: 8, theirs: null };
    const edited: unknown[] = [];
    mockWith(edited, conflict);
    const { unmount } = render(ConflictList);
    await fireEvent.click(await screen.findByRole("button", { name: "Bewerken" }));
    const input = screen.getByLabelText("Nieuwe waarde") as HTMLInputElement;
    expect(input.type).toBe("number");
    await fireEvent.input(input, { target: { value: "12" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() => expect(edited).toEqual([{ conflictId: 7, decision: { choice: "edit", value: 12 } }]));
    unmount();

    const emptied: unknown[] = [];
    mockWith(emptied, conflict);
    render(ConflictList);
    await fireEvent.click(await screen.findByRole("button", { name: "Bewerken" }));
    await fireEvent.input(screen.getByLabelText("Nieuwe waarde"), { target: { value: "" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() => expect(emptied).toEqual([{ conflictId: 7, decision: { choice: "edit", value: null } }]));
  });

  it("does not save an empty required field", async () => {
    mockWith([], { ...CONFLICT, field: "name", yours: "Anna", theirs: "Anne" });
    render(ConflictList);
    await fireEvent.click(await screen.findByRole("button", { name: "Bewerken" }));
    await fireEvent.input(screen.getByLabelText("Nieuwe waarde"), { target: { value: "  " } });
    expect((screen.getByRole("button", { name: "Opslaan" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows a conflict on a sign-up form as readable lines, the differences marked, decided as a whole", async () => {
    const field = (key: string, label: string, field_type: string, extra: object = {}) => ({
      key,
      label,
      field_type,
      required: false,
      options: [],
      ...extra,
    });
    mockWith([], {
      ...CONFLICT,
      kind: "activity",
      field: "form",
      yours: [
        field("naam", "Naam", "text", { required: true }),
        field("dieet", "Dieetwensen", "choice", { options: ["geen", "halal"], help: "Voor de lunch." }),
      ],
      theirs: [field("naam", "Naam", "text", { required: true }), field("email", "E-mail", "email")],
    });
    render(ConflictList);
    const mine = await screen.findByTestId("mine");
    const items = (el: HTMLElement) => [...el.querySelectorAll("li")].map((li) => li.firstChild?.textContent);
    expect(items(mine)).toEqual([
      "Naam — Korte tekst, verplicht",
      "Dieetwensen — Keuze uit een lijst; keuzes: geen, halal; uitleg: Voor de lunch.",
    ]);
    expect(items(screen.getByTestId("theirs"))).toEqual(["Naam — Korte tekst, verplicht", "E-mail — E-mailadres"]);
    const differs = [...document.querySelectorAll("li.differs")].map((li) => li.firstChild?.textContent);
    expect(differs).toEqual([
      "Dieetwensen — Keuze uit een lijst; keuzes: geen, halal; uitleg: Voor de lunch.",
      "E-mail — E-mailadres",
    ]);
    const text = screen.getByTestId("conflicts").textContent ?? "";
    expect(text).not.toMatch(/object Object|[{}[\]"]/);
    expect(screen.queryByRole("button", { name: "Bewerken" })).toBeNull();
    expect(screen.getByRole("button", { name: "Behoud mijn versie" })).toBeTruthy();
  });

  it("shows an offering's contact persons by name", async () => {
    mockWith([], {
      ...CONFLICT,
      kind: "offering",
      field: "contact_ids",
      yours: ["01930000-0000-7000-8000-0000000000c1"],
      theirs: [],
    });
    render(ConflictList);
    await waitFor(() => expect(screen.getByTestId("mine").textContent).toMatch(/^Daniëlle de Vries/));
    expect(screen.getByTestId("theirs").textContent).toBe("(geen)");
  });

  it("shows a date and time in Dutch time", async () => {
    mockWith([], { ...CONFLICT, kind: "activity", field: "starts_at", yours: "2026-11-29T20:20:00Z", theirs: "2026-07-01T08:00:00Z" });
    render(ConflictList);
    expect((await screen.findByTestId("mine")).textContent).toBe("zondag 29 november 2026 om 21:20");
    expect(screen.getByTestId("theirs").textContent).toBe("woensdag 1 juli 2026 om 10:00");
  });

  it("edits a date and time in Dutch time and sends it as UTC", async () => {
    const edited: unknown[] = [];
    mockWith(edited, { ...CONFLICT, kind: "activity", field: "starts_at", yours: "2026-11-29T20:20:00Z", theirs: "2026-07-01T08:00:00Z" });
    render(ConflictList);
    await fireEvent.click(await screen.findByRole("button", { name: "Bewerken" }));
    expect((screen.getByLabelText("Nieuwe waarde: datum") as HTMLInputElement).value).toBe("29-11-2026");
    expect((screen.getByLabelText("Nieuwe waarde: tijd") as HTMLInputElement).value).toBe("21:20");
    await fireEvent.input(screen.getByLabelText("Nieuwe waarde: datum"), { target: { value: "1-7-2026" } });
    await fireEvent.input(screen.getByLabelText("Nieuwe waarde: tijd"), { target: { value: "10:30" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() =>
      expect(edited).toEqual([{ conflictId: 7, decision: { choice: "edit", value: "2026-07-01T08:30:00Z" } }]),
    );
  });
});