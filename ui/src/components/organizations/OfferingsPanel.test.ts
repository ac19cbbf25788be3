import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { LocalRecordOf } from "../../lib/ipc";
import { synced, syncedContact } from "../../test-records";
import OfferingsPanel from "./OfferingsPanel.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";

const ANNE = syncedContact("01930000-0000-7000-8000-0000000000c1", ORG, "Anne Zoëtmulder", 3);
const BRAM = syncedContact("01930000-0000-7000-8000-0000000000c2", ORG, "Bram de Wit", 3);
const GONE = "01930000-0000-7000-8000-0000000000c9";
const OFFERING: LocalRecordOf<"offering"> = synced(
  {
    kind: "offering" as const,
    id: "01930000-0000-7000-8000-0000000000b1",
    organization_id: ORG,
    name: "Spreekuur",
    description: null,
    target_group: null,
    costs: null,
    application_process: null,
    // Bram, and a contact person deleted meanwhile.
    contact_ids: [BRAM.record.id, GONE],
    published: true,
    assured_date: null,
  },
  3,
);

describe("OfferingsPanel", () => {
  it("creates a new offering with a client-made UUIDv7 and only the filled fields", async () => {
    const created: Array<{ record: Record<string, unknown> }> = [];
    let changed = 0;
    mockIPC((cmd, args) => {
      if (cmd === "create_record") {
        created.push(args as { record: Record<string, unknown> });
        return { record: (args as { record: unknown }).record, version: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
      }
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, records: [], onchange: () => (changed += 1) });
    await fireEvent.click(screen.getByRole("button", { name: "Nieuw aanbod" }));
    await fireEvent.input(screen.getByLabelText("Naam *"), { target: { value: "Taalcafé ’t Hofje" } });
    await fireEvent.input(screen.getByLabelText("Doelgroep"), { target: { value: "Nieuwkomers" } });
    await fireEvent.click(screen.getByLabelText("Gepubliceerd"));
    await fireEvent.click(screen.getByRole("button", { name: "Toevoegen" }));

    await waitFor(() => expect(created).toHaveLength(1));
    const record = created[0].record;
    expect(record).toMatchObject({
      kind: "offering",
      organization_id: ORG,
      name: "Taalcafé ’t Hofje",
      target_group: "Nieuwkomers",
      description: null,
      costs: null,
      application_process: null,
      published: true,
      contact_ids: [],
      assured_date: null,
    });
    expect(String(record.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(changed).toBe(1);
  });

  it("a new offering is not published unless ticked", async () => {
    const created: Array<{ record: Record<string, unknown> }> = [];
    mockIPC((cmd, args) => {
      if (cmd === "create_record") created.push(args as { record: Record<string, unknown> });
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, records: [], onchange: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Nieuw aanbod" }));
    await fireEvent.input(screen.getByLabelText("Naam *"), { target: { value: "Spreekuur" } });
    await fireEvent.click(screen.getByRole("button", { name: "Toevoegen" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0].record.published).toBe(false);
  });

  it("names the offering's contact persons with one edit, leaving out ones that no longer exist", async () => {
    const edits: Array<Record<string, unknown>> = [];
    let changed = 0;
    mockIPC((cmd, args) => {
      if (cmd === "update_fields") {
        edits.push(args as Record<string, unknown>);
        return OFFERING;
      }
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, records: [OFFERING], contacts: [ANNE, BRAM], onchange: () => (changed += 1) });
    await fireEvent.click(screen.getByRole("button", { name: "Spreekuur" }));
    const save = screen.getByRole("button", { name: "Contactpersonen opslaan" });
    const box = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
    expect(box("Bram de Wit").checked).toBe(true);
    expect(box("Anne Zoëtmulder").checked).toBe(false);
    expect((save as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByLabelText("Anne Zoëtmulder"));
    await fireEvent.click(screen.getByLabelText("Bram de Wit"));
    await fireEvent.click(save);
    await waitFor(() => expect(edits).toHaveLength(1));
    expect(edits[0]).toEqual({ kind: "offering", id: OFFERING.record.id, fields: { contact_ids: [ANNE.record.id] } });
    expect(changed).toBe(1);
  });

  it("deletes an offering only after the manager confirms", async () => {
    const deleted: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "delete_record") deleted.push(args);
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, records: [OFFERING], contacts: [], onchange: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Spreekuur" }));
    await fireEvent.click(screen.getByRole("button", { name: "Verwijderen" }));
    expect(deleted).toHaveLength(0);
    expect(screen.getByRole("alertdialog").textContent).toContain("Dit aanbod verwijderen?");
    await fireEvent.click(screen.getByRole("button", { name: "Ja, verwijderen" }));
    await waitFor(() => expect(deleted).toEqual([{ kind: "offering", id: OFFERING.record.id }]));
  });
});
