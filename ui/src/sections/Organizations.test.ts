import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import Organizations from "./Organizations.svelte";
import { chosenOrganization } from "../lib/chosenOrganization.svelte";
import { synced } from "../test-records";

const ORG = "01930000-0000-7000-8000-00000000000a";
const ORGANIZATION = synced({
  kind: "organization" as const,
  id: ORG,
  name: "Stichting Welzijn Sleutelbloem",
  description: null,
  kvk_number: null,
  visiting_street: null,
  visiting_postcode: null,
  visiting_city: null,
  postal_street: null,
  postal_postcode: null,
  postal_city: null,
  phone: null,
  email: null,
  website: null,
  assured_date: null,
});

type Call = { cmd: string; args: Record<string, unknown> };

describe("Organisaties at the size of a large organisation", () => {
  beforeEach(() => chosenOrganization.pick(null));

  it("counts the offerings and contact persons for the tabs without loading them, and pages a tab's list", async () => {
    const calls: Call[] = [];
    let counts = { offerings: 1499, contacts: 1499 };
    let added: unknown = null;
    mockIPC((cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      switch (cmd) {
        case "organizations":
          return [{ id: ORG, name: ORGANIZATION.record.name, websites: [] }];
        case "records":
          return args.kind === "organization" ? [ORGANIZATION] : [];
        case "record_counts":
          return counts;
        case "record_page":
          return { total: 0, rows: [] };
        case "create_record":
          added = synced(args.record);
          return added;
        case "record":
          return added;
        default:
          return null;
      }
    });
    render(Organizations);
    const offerings = await screen.findByTestId("count-offerings");
    expect(offerings.textContent).toBe("1.499");
    expect(screen.getByTestId("count-contacts").textContent).toBe("1.499");
    expect(calls.filter((c) => c.cmd === "record_counts").map((c) => c.args)).toEqual([{ organization: ORG }]);
    // Only the organisation's own record is loaded whole.
    expect(calls.filter((c) => c.cmd === "records").map((c) => c.args.kind)).toEqual(["organization"]);

    await fireEvent.click(screen.getByRole("tab", { name: /Contactpersonen/ }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "record_page")).toBe(true));
    const asked = calls.filter((c) => c.cmd === "record_page").map((c) => c.args.query);
    expect(asked).toEqual([{ organization: ORG, kind: "contact", search: "", offset: 0, limit: 100 }]);

    // An addition elsewhere in the screen reloads the counts.
    counts = { offerings: 1499, contacts: 1500 };
    await fireEvent.click(screen.getByRole("button", { name: "Nieuwe contactpersoon" }));
    await fireEvent.input(screen.getByLabelText("Naam *"), { target: { value: "Sjoerd van 't Hoff" } });
    await fireEvent.click(screen.getByRole("button", { name: "Toevoegen" }));
    await waitFor(() => expect(screen.getByTestId("count-contacts").textContent).toBe("1.500"));
  });
});
