import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { syncedContact } from "../../test-records";
import ContactsPanel from "./ContactsPanel.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";

describe("ContactsPanel", () => {
  it("creates a new contact with a client-made UUIDv7 and only the filled fields", async () => {
    const created: Array<{ record: Record<string, unknown> }> = [];
    mockIPC((cmd, args) => {
      if (cmd === "create_record") {
        created.push(args as { record: Record<string, unknown> });
        return { record: (args as { record: unknown }).record, version: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
      }
      return null;
    });
    render(ContactsPanel, { organizationId: ORG, records: [], onchange: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Nieuwe contactpersoon" }));
    await fireEvent.input(screen.getByLabelText("Naam *"), { target: { value: "Sjoerd van 't Hoff" } });
    await fireEvent.input(screen.getByLabelText("Functie"), { target: { value: "Jongerenwerker" } });
    await fireEvent.click(screen.getByRole("button", { name: "Toevoegen" }));

    await waitFor(() => expect(created).toHaveLength(1));
    const record = created[0].record;
    expect(record.kind).toBe("contact");
    expect(record.organization_id).toBe(ORG);
    expect(record.name).toBe("Sjoerd van 't Hoff");
    expect(record.title).toBe("Jongerenwerker");
    expect(record.email).toBeNull();
    expect(record.photo_url).toBeNull();
    expect(String(record.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("asks before deleting", async () => {
    const deleted: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "delete_record") deleted.push(args);
      return null;
    });
    const contact = syncedContact("01930000-0000-7000-8000-0000000000c1", ORG, "Daniëlle de Vries");
    render(ContactsPanel, { organizationId: ORG, records: [contact], onchange: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: /Daniëlle de Vries/ }));
    await fireEvent.click(screen.getByRole("button", { name: "Verwijderen" }));
    expect(deleted).toEqual([]);
    await fireEvent.click(screen.getByRole("button", { name: "Ja, verwijderen" }));
    await waitFor(() => expect(deleted).toEqual([{ kind: "contact", id: contact.record.id }]));
  });
});
