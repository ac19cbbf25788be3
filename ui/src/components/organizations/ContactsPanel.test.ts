import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFrom, giveListsRoom, syncedContact } from "../../test-records";
import ContactsPanel from "./ContactsPanel.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";

describe("ContactsPanel", () => {
  let takeBack: () => void;
  beforeAll(() => (takeBack = giveListsRoom()));
  afterAll(() => takeBack());

  it("creates a new contact with a client-made UUIDv7 and only the filled fields", async () => {
    const created: Array<{ record: Record<string, unknown> }> = [];
    mockIPC((cmd, args) => {
      if (cmd !== "create_record") return answerFrom([], cmd, args) ?? null;
      created.push(args as { record: Record<string, unknown> });
      return { record: (args as { record: unknown }).record, version: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
    });
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
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
    const contact = syncedContact("01930000-0000-7000-8000-0000000000c1", ORG, "Daniëlle de Vries");
    mockIPC((cmd, args) => {
      if (cmd === "delete_record") deleted.push(args);
      return answerFrom([contact], cmd, args) ?? null;
    });
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: /Daniëlle de Vries/ }));
    await fireEvent.click(await screen.findByRole("button", { name: "Verwijderen" }));
    expect(deleted).toEqual([]);
    await fireEvent.click(screen.getByRole("button", { name: "Ja, verwijderen" }));
    await waitFor(() => expect(deleted).toEqual([{ kind: "contact", id: contact.record.id }]));
  });

  it("lists the contact persons by name, searches them, marks the open one, and moves with the arrow keys", async () => {
    const people = [
      syncedContact("01930000-0000-7000-8000-0000000000c3", ORG, "Zoë de Vries"),
      syncedContact("01930000-0000-7000-8000-0000000000c4", ORG, "anna Bakker"),
      syncedContact("01930000-0000-7000-8000-0000000000c5", ORG, "Bram de Wit"),
    ];
    mockIPC((cmd, args) => answerFrom(people, cmd, args) ?? null);
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
    const list = await screen.findByRole("list", { name: "Contactpersonen" });
    const names = () => [...list.querySelectorAll(".name")].map((n) => n.textContent);
    await waitFor(() => expect(names()).toEqual(["anna Bakker", "Bram de Wit", "Zoë de Vries"]));
    const items = screen.getAllByRole("listitem");
    expect(items.map((i) => i.getAttribute("aria-setsize"))).toEqual(["3", "3", "3"]);

    const bram = screen.getByRole("button", { name: /Bram de Wit/ });
    await fireEvent.click(bram);
    await screen.findByRole("heading", { level: 4, name: "Bram de Wit" });
    expect(bram.getAttribute("aria-pressed")).toBe("true");
    expect(bram.closest("[role=listitem]")?.getAttribute("aria-current")).toBe("true");

    bram.focus();
    await fireEvent.keyDown(bram, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.textContent).toContain("Zoë de Vries"));
    await fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Home" });
    await waitFor(() => expect(document.activeElement?.textContent).toContain("anna Bakker"));

    await fireEvent.input(screen.getByTestId("contact-list-search"), { target: { value: "zoe" } });
    await waitFor(() => expect(names()).toEqual(["Zoë de Vries"]));
    await fireEvent.input(screen.getByTestId("contact-list-search"), { target: { value: "xyz" } });
    await screen.findByText("Geen contactpersonen gevonden met deze naam.");
  });
});
