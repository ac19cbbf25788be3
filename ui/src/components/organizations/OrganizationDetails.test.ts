import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { LocalRecord } from "../../lib/ipc";
import OrganizationDetails from "./OrganizationDetails.svelte";

const ORG: LocalRecord = {
  record: {
    kind: "organization",
    id: "01930000-0000-7000-8000-00000000000a",
    name: "Stichting Welzijn Sleutelbloem",
    description: null,
    kvk_number: null,
    visiting_street: "Breestraat 117",
    visiting_postcode: "2311 CM",
    visiting_city: "Leiden",
    postal_street: null,
    postal_postcode: null,
    postal_city: null,
    phone: null,
    email: null,
    website: null,
    assured_date: null,
  },
  version: 1,
  pending_edits: 0,
  rejected_edits: 0,
  conflicts: 0,
};

describe("OrganizationDetails", () => {
  it("shows the field error of a refused update_fields and keeps what was typed", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "update_fields") {
        calls.push(args);
        throw {
          code: "invalid_input",
          message: "Vul een postcode in als 1234 AB.",
          field: "visiting_postcode",
        };
      }
      return null;
    });
    render(OrganizationDetails, { local: ORG, onchange: () => {} });

    const postcode = screen.getByLabelText("Postcode bezoekadres") as HTMLInputElement;
    await fireEvent.input(postcode, { target: { value: "2311cmx" } });
    const city = screen.getByLabelText("Plaats bezoekadres") as HTMLInputElement;
    await fireEvent.input(city, { target: { value: "Leiderdorp" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));

    const message = await screen.findByText("Vul een postcode in als 1234 AB.");
    expect(message.id).toBe("organisatie-visiting_postcode-fout");
    expect(postcode.getAttribute("aria-invalid")).toBe("true");
    expect(postcode.value).toBe("2311cmx");
    expect(city.value).toBe("Leiderdorp");
    expect(calls).toEqual([
      {
        kind: "organization",
        id: ORG.record.id,
        fields: { visiting_postcode: "2311cmx", visiting_city: "Leiderdorp" },
      },
    ]);
  });

  it("sends an emptied optional field as null", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "update_fields") calls.push(args);
      return ORG;
    });
    render(OrganizationDetails, { local: ORG, onchange: () => {} });
    await fireEvent.input(screen.getByLabelText("Bezoekadres"), { target: { value: "  " } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    expect(await screen.findByRole("status")).toBeTruthy();
    expect(calls).toEqual([
      { kind: "organization", id: ORG.record.id, fields: { visiting_street: null } },
    ]);
  });
});
