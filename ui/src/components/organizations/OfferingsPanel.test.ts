import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRecord, LocalRecordOf } from "../../lib/ipc";
import { answerFrom, giveListsRoom, synced, syncedContact } from "../../test-records";
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

const OTHER_ORG = "01930000-0000-7000-8000-00000000000b";

function offering(id: string, name: string, organization = ORG): LocalRecordOf<"offering"> {
  return synced({ ...OFFERING.record, id, name, organization_id: organization, contact_ids: [] });
}

type Call = { cmd: string; args: Record<string, unknown> };

/** The core over `records`: pages, counts and single records; `answer` for the rest. */
function backend(records: LocalRecord[], answer: (call: Call) => unknown = () => null): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    return answerFrom(records, cmd, args) ?? answer({ cmd, args });
  });
  return calls;
}

const rowNames = () => screen.getAllByTestId("offering-list-row").map((row) => row.querySelector("button")?.textContent);

describe("OfferingsPanel", () => {
  let takeBack: () => void;
  beforeAll(() => (takeBack = giveListsRoom()));
  afterAll(() => takeBack());

  it("creates a new offering with a client-made UUIDv7 and only the filled fields", async () => {
    const created: Array<{ record: Record<string, unknown> }> = [];
    let changed = 0;
    backend([], ({ cmd, args }) => {
      if (cmd === "create_record") {
        created.push(args as { record: Record<string, unknown> });
        return { record: (args as { record: unknown }).record, version: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
      }
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, onchange: () => (changed += 1) });
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
    backend([], ({ cmd, args }) => {
      if (cmd === "create_record") created.push(args as { record: Record<string, unknown> });
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, onchange: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Nieuw aanbod" }));
    await fireEvent.input(screen.getByLabelText("Naam *"), { target: { value: "Spreekuur" } });
    await fireEvent.click(screen.getByRole("button", { name: "Toevoegen" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0].record.published).toBe(false);
  });

  it("lists the organisation's offerings by name one page at a time, and searches them by name", async () => {
    const calls = backend([
      offering("01930000-0000-7000-8000-0000000000b2", "Zwemles"),
      offering("01930000-0000-7000-8000-0000000000b3", "Café Zoë"),
      offering("01930000-0000-7000-8000-0000000000b4", "Budgetcoaching"),
      offering("01930000-0000-7000-8000-0000000000b5", "Aaa van een ander", OTHER_ORG),
    ]);
    render(OfferingsPanel, { organizationId: ORG, onchange: () => {} });
    await waitFor(() => expect(rowNames()).toEqual(["Budgetcoaching", "Café Zoë", "Zwemles"]));
    const table = screen.getByRole("table", { name: "Aanbod" });
    expect(table.getAttribute("aria-rowcount")).toBe("4");
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Naam", "Doelgroep", "Gepubliceerd"]);
    // Never the whole table: pages of 100 from the core, no list of all records.
    expect(calls.some((c) => c.cmd === "records")).toBe(false);
    expect(calls.filter((c) => c.cmd === "record_page").map((c) => (c.args.query as { limit: number }).limit)).toEqual([100]);

    await fireEvent.input(screen.getByTestId("offering-list-search"), { target: { value: "zoe" } });
    await waitFor(() => expect(rowNames()).toEqual(["Café Zoë"]));
    expect(screen.getByTestId("offering-list-count").textContent).toContain("1 gevonden");

    await fireEvent.input(screen.getByTestId("offering-list-search"), { target: { value: "fietsen" } });
    await screen.findByText("Geen aanbod gevonden met deze naam.");
    expect(screen.queryAllByTestId("offering-list-row")).toHaveLength(0);
  });

  it("says so when the organisation has no offerings yet", async () => {
    backend([]);
    render(OfferingsPanel, { organizationId: ORG, onchange: () => {} });
    await screen.findByText("Nog geen aanbod.");
  });

  it("opens an offering from the list: its form is loaded on its own, and its row is marked", async () => {
    const calls = backend([OFFERING, BRAM]);
    render(OfferingsPanel, { organizationId: ORG, onchange: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: "Spreekuur" }));
    await screen.findByRole("heading", { level: 4, name: "Spreekuur" });
    expect(calls.filter((c) => c.cmd === "record").map((c) => c.args)).toContainEqual({ kind: "offering", id: OFFERING.record.id });
    const row = screen.getAllByTestId("offering-list-row")[0];
    expect(row.getAttribute("aria-current")).toBe("true");
  });

  it("shows the offering's contact persons, unlinks one, and links another found by name", async () => {
    const edits: Array<Record<string, unknown>> = [];
    let changed = 0;
    const spreekuur = structuredClone(OFFERING);
    backend([spreekuur, ANNE, BRAM], ({ cmd, args }) => {
      if (cmd === "update_fields") {
        edits.push(args);
        Object.assign(spreekuur.record, args.fields);
        return spreekuur;
      }
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, onchange: () => (changed += 1) });
    await fireEvent.click(await screen.findByRole("button", { name: "Spreekuur" }));
    const linked = () => screen.getByTestId("offering-contacts-linked");
    // Bram; the contact person deleted meanwhile is not shown.
    await waitFor(() => expect(linked().textContent).toContain("Bram de Wit"));
    expect(linked().querySelectorAll("li")).toHaveLength(1);
    expect(screen.queryByText("Anne Zoëtmulder")).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "Bram de Wit loskoppelen van dit aanbod" }));
    await waitFor(() => expect(edits).toHaveLength(1));
    // Only contact persons that exist here: the deleted one goes too.
    expect(edits[0]).toEqual({ kind: "offering", id: OFFERING.record.id, fields: { contact_ids: [] } });
    expect(changed).toBe(1);
    await waitFor(() => expect(linked().textContent).toContain("Nog geen contactpersonen voor dit aanbod."));

    await fireEvent.input(screen.getByTestId("offering-contacts-search"), { target: { value: "zoet" } });
    await fireEvent.click(await screen.findByRole("button", { name: "Anne Zoëtmulder koppelen aan dit aanbod" }));
    await waitFor(() => expect(edits).toHaveLength(2));
    expect(edits[1]).toEqual({ kind: "offering", id: OFFERING.record.id, fields: { contact_ids: [ANNE.record.id] } });
    await waitFor(() => expect(linked().textContent).toContain("Anne Zoëtmulder"));

    // A linked one is not offered again; a name that matches nobody else says so.
    await fireEvent.input(screen.getByTestId("offering-contacts-search"), { target: { value: "anne" } });
    await screen.findByText("Geen contactpersoon gevonden met deze naam.");
  });

  it("deletes an offering only after the manager confirms", async () => {
    const deleted: unknown[] = [];
    backend([OFFERING], ({ cmd, args }) => {
      if (cmd === "delete_record") deleted.push(args);
      return null;
    });
    render(OfferingsPanel, { organizationId: ORG, onchange: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: "Spreekuur" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Verwijderen" }));
    expect(deleted).toHaveLength(0);
    expect(screen.getByRole("alertdialog").textContent).toContain("Dit aanbod verwijderen?");
    await fireEvent.click(screen.getByRole("button", { name: "Ja, verwijderen" }));
    await waitFor(() => expect(deleted).toEqual([{ kind: "offering", id: OFFERING.record.id }]));
  });
});
