import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import OfferingsPanel from "./OfferingsPanel.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";

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
});
