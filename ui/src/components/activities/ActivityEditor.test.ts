import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Activity } from "../../lib/bindings/Activity";
import type { AppError } from "../../lib/ipc";
import ActivityEditor from "./ActivityEditor.svelte";
import ActivityTools from "./ActivityTools.svelte";
import { unsaved } from "../../lib/unsaved.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";
const STORED: Activity = {
  id: "01930000-0000-7000-8000-0000000000a1",
  organization_id: ORG,
  title: "Café voor mantelzorgers",
  description: "Ontmoeten en koffie.",
  starts_at: "2026-10-25T00:30:00Z",
  ends_at: "2026-10-25T02:30:00Z",
  location: "Buurthuis De Linde",
  capacity: 8,
  signup_opens_at: null,
  signup_closes_at: null,
  status: "published",
  form: [
    { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
    { key: "dieet", label: "Dieetwensen", field_type: "choice", required: false, options: ["geen", "halal"] },
  ],
  assured_date: "2026-10-01",
};

type Call = { cmd: string; args: Record<string, unknown> };

function recordIpc(answer: (call: Call) => unknown = () => null): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const call = { cmd, args: (payload ?? {}) as Record<string, unknown> };
    calls.push(call);
    const answered = answer(call);
    if (answered !== undefined && answered !== null) return answered;
    if (cmd === "create_record") return { record: call.args.record, version: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
    if (cmd === "update_fields") return { record: { ...STORED, kind: "activity" }, version: 1, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
    return null;
  });
  return calls;
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
async function type(label: string, value: string) {
  await fireEvent.input(input(label), { target: { value } });
}
async function moment(label: string, date: string, time: string) {
  await type(`${label}: datum`, date);
  await type(`${label}: tijd`, time);
}

describe("ActivityEditor", () => {
  it("saves a new activity with Dutch times as UTC, across the change to summer time", async () => {
    const calls = recordIpc();
    const saved: string[] = [];
    render(ActivityEditor, { organizationId: ORG, onsaved: (id: string) => saved.push(id), onclose: () => {} });
    await type("Titel *", "Nachtwandeling");
    await moment("Begint", "29-03-2026", "01:30");
    await moment("Eindigt", "29-03-2026", "03:30");
    await type("Aantal plaatsen", "12");
    expect(screen.getAllByText(/zondag 29 maart 2026 om 03:30 \(Nederlandse tijd\)/)).toHaveLength(1);
    await fireEvent.click(screen.getByRole("button", { name: "Activiteit opslaan" }));

    await waitFor(() => expect(saved).toHaveLength(1));
    const create = calls.find((c) => c.cmd === "create_record");
    expect(create?.args.record).toMatchObject({
      kind: "activity",
      id: saved[0],
      organization_id: ORG,
      title: "Nachtwandeling",
      description: null,
      starts_at: "2026-03-29T00:30:00Z",
      ends_at: "2026-03-29T01:30:00Z",
      capacity: 12,
      status: "draft",
      form: [],
      assured_date: null,
    });
  });

  it("shows an existing activity in Dutch time (the repeated hour of October)", () => {
    recordIpc();
    render(ActivityEditor, { organizationId: ORG, stored: STORED, onsaved: () => {}, onclose: () => {} });
    expect(input("Begint: datum").value).toBe("25-10-2026");
    expect(input("Begint: tijd").value).toBe("02:30");
    // 02:30 UTC is after the clock went back: 03:30 winter time.
    expect(input("Eindigt: tijd").value).toBe("03:30");
  });

  it("says in Dutch what is wrong, beside the field, sends nothing and keeps what was typed", async () => {
    const calls = recordIpc();
    render(ActivityEditor, { organizationId: ORG, onsaved: () => {}, onclose: () => {} });
    await type("Titel *", "  ");
    await moment("Begint", "10-05-2026", "14:00");
    await moment("Eindigt", "10-05-2026", "13:00");
    await type("Aantal plaatsen", "0");
    await moment("Aanmelden vanaf", "29-03-2026", "02:30");
    await moment("Aanmelden tot", "01-05-2026", "");
    await fireEvent.click(screen.getByRole("button", { name: "Activiteit opslaan" }));

    expect(await screen.findByText("Vul een titel in.")).toBeTruthy();
    expect(screen.getByText("Het einde ligt vóór het begin. Kies een later einde.")).toBeTruthy();
    expect(screen.getByText(/heel aantal van 1 of meer/)).toBeTruthy();
    expect(screen.getByText(/bij de overgang naar zomertijd/)).toBeTruthy();
    expect(screen.getByText("Vul een tijd in, bijvoorbeeld 14:30.")).toBeTruthy();
    expect(input("Eindigt: tijd").getAttribute("aria-invalid")).toBe("true");
    expect(input("Eindigt: tijd").value).toBe("13:00");
    expect(input("Aantal plaatsen").value).toBe("0");
    expect(calls.filter((c) => c.cmd === "create_record")).toEqual([]);

    // Fixed, it saves.
    await type("Titel *", "Inloop");
    await type("Eindigt: tijd", "16:00");
    await type("Aantal plaatsen", "");
    await moment("Aanmelden vanaf", "", "");
    await moment("Aanmelden tot", "", "");
    await fireEvent.click(screen.getByRole("button", { name: "Activiteit opslaan" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "create_record")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "create_record")?.args.record).toMatchObject({
      capacity: null,
      ends_at: "2026-05-10T14:00:00Z",
      signup_opens_at: null,
    });
  });

  it("a choice without options is not saved", async () => {
    const calls = recordIpc();
    render(ActivityEditor, { organizationId: ORG, stored: STORED, onsaved: () => {}, onclose: () => {} });
    await fireEvent.input(screen.getAllByLabelText("Keuzemogelijkheden, één per regel")[0], { target: { value: "" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    expect(await screen.findByText("Geef de keuzemogelijkheden op, één per regel.")).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "update_fields")).toEqual([]);
  });

  it("sends only the fields that changed", async () => {
    const calls = recordIpc();
    const saved: string[] = [];
    render(ActivityEditor, { organizationId: ORG, stored: STORED, onsaved: (id: string) => saved.push(id), onclose: () => {} });
    await type("Locatie", "Bibliotheek Nieuwstraat");
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() => expect(saved).toEqual([STORED.id]));
    expect(calls.filter((c) => c.cmd === "update_fields").map((c) => c.args)).toEqual([
      { kind: "activity", id: STORED.id, fields: { location: "Bibliotheek Nieuwstraat" } },
    ]);
  });

  it("unsaved typing holds the window until it is saved", async () => {
    recordIpc();
    const saved: string[] = [];
    const view = render(ActivityEditor, { organizationId: ORG, stored: STORED, onsaved: (id: string) => saved.push(id), onclose: () => {} });
    expect(unsaved.hasChanges).toBe(false);
    await type("Locatie", "Bibliotheek Nieuwstraat");
    expect(unsaved.hasChanges).toBe(true);
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() => expect(saved).toEqual([STORED.id]));
    expect(unsaved.hasChanges).toBe(false);
    view.unmount();
  });

  it("a refusal from Rust shows beside its field (also a form field) and nothing typed is lost", async () => {
    let refusal: AppError = { code: "invalid_input", reason: { kind: "field_rule", rule: "ends_before_start", params: {} }, message: "Het einde ligt vóór het begin.", field: "ends_at" };
    recordIpc((call) => {
      if (call.cmd === "update_fields") throw refusal;
    });
    render(ActivityEditor, { organizationId: ORG, stored: STORED, onsaved: () => {}, onclose: () => {} });
    await type("Locatie", "Elders");
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    const message = await screen.findByText("Het einde ligt vóór het begin.");
    expect(message.closest("[data-field]")?.getAttribute("data-field")).toBe("activiteit-einde");
    expect(input("Locatie").value).toBe("Elders");

    refusal = { code: "invalid_input", reason: { kind: "field_rule", rule: "too_long", params: {} }, message: "Te lange vraag.", field: "form[1].label" };
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    const formMessage = await screen.findByText("Te lange vraag.");
    expect(formMessage.closest("li")?.getAttribute("data-key")).toBe("dieet");
  });
});

describe("ActivityTools", () => {
  function tools(calls: Call[], changed: (string | null)[], signupCount = 3) {
    void calls;
    return render(ActivityTools, {
      organizationId: ORG,
      current: STORED,
      signupCount,
      onchange: (id: string | null) => changed.push(id),
    });
  }

  it("duplicates with a new id, '(kopie)', as a draft, with the form and without sign-ups", async () => {
    const calls = recordIpc();
    const changed: (string | null)[] = [];
    tools(calls, changed);
    await fireEvent.click(screen.getByRole("button", { name: "Dupliceren" }));
    expect(input("Titel *").value).toBe("Café voor mantelzorgers (kopie)");
    expect((screen.getByLabelText("Status") as HTMLSelectElement).value).toBe("draft");
    expect(screen.queryByTestId("removed-warning")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Activiteit opslaan" }));
    await waitFor(() => expect(changed).toHaveLength(1));

    const writes = calls.filter((c) => c.cmd !== "record" && c.cmd !== "records");
    expect(writes.map((c) => c.cmd)).toEqual(["create_record"]);
    const copy = writes[0].args.record as Activity & { kind: string };
    expect(copy.kind).toBe("activity");
    expect(copy.id).not.toBe(STORED.id);
    expect(copy.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(changed).toEqual([copy.id]);
    expect(copy.status).toBe("draft");
    expect(copy.assured_date).toBeNull();
    expect(copy.form).toEqual(STORED.form);
    expect(copy.starts_at).toBe(STORED.starts_at);
  });

  it("cancels only after the question, by setting the status", async () => {
    const calls = recordIpc();
    const changed: (string | null)[] = [];
    tools(calls, changed);
    await fireEvent.click(screen.getByRole("button", { name: "Activiteit annuleren…" }));
    expect(screen.getByRole("alertdialog").textContent).toMatch(/3 aanmeldingen blijven bewaard/);
    await fireEvent.click(screen.getByRole("button", { name: "Nee, terug" }));
    expect(calls.filter((c) => c.cmd === "update_fields")).toEqual([]);

    await fireEvent.click(screen.getByRole("button", { name: "Activiteit annuleren…" }));
    await fireEvent.click(screen.getByRole("button", { name: "Ja, activiteit annuleren" }));
    await waitFor(() => expect(changed).toEqual([STORED.id]));
    expect(calls.filter((c) => c.cmd === "update_fields").map((c) => c.args)).toEqual([
      { kind: "activity", id: STORED.id, fields: { status: "cancelled" } },
    ]);
  });

  it("deletes only after the question", async () => {
    const calls = recordIpc();
    const changed: (string | null)[] = [];
    tools(calls, changed);
    await fireEvent.click(screen.getByRole("button", { name: "Verwijderen" }));
    expect(calls.filter((c) => c.cmd === "delete_record")).toEqual([]);
    await fireEvent.click(screen.getByRole("button", { name: "Ja, verwijderen" }));
    await waitFor(() => expect(changed).toEqual([null]));
    expect(calls.filter((c) => c.cmd === "delete_record").map((c) => c.args)).toEqual([
      { kind: "activity", id: STORED.id },
    ]);
  });

  it("editing an activity with sign-ups warns when a field goes", async () => {
    recordIpc();
    tools([], []);
    await fireEvent.click(screen.getByRole("button", { name: "Bewerken" }));
    await fireEvent.click(screen.getByRole("button", { name: "Veld ‘Dieetwensen’ verwijderen" }));
    expect((await screen.findByTestId("removed-warning")).textContent).toMatch(/zijn al 3 aanmeldingen/);
  });
});
