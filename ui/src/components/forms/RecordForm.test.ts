import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { CONTACT_FIELDS } from "../../lib/recordFields";
import RecordForm from "./RecordForm.svelte";

const BASE = {
  name: "Daniëlle de Vries",
  title: "Coördinator",
  email: null,
  phone: "071 516 1234",
  reachability: null,
  agb_code: null,
  street: null,
  postcode: null,
  city: "Leiden",
};

describe("RecordForm", () => {
  it("sends only typed fields, and untouched fields follow a newer record", async () => {
    const sent: unknown[] = [];
    const view = render(RecordForm, {
      fields: CONTACT_FIELDS,
      record: BASE,
      onsave: async (changes: unknown) => {
        sent.push(changes);
      },
    });
    await fireEvent.input(screen.getByLabelText("Functie"), { target: { value: "Teamleider" } });

    // A sync brings someone else's new phone number and city.
    await view.rerender({ record: { ...BASE, phone: "071 516 9999", city: "Leiderdorp" } });
    const phone = screen.getByLabelText("Telefoon") as HTMLInputElement;
    await waitFor(() => expect(phone.value).toBe("071 516 9999"));
    expect((screen.getByLabelText("Functie") as HTMLInputElement).value).toBe("Teamleider");

    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await waitFor(() => expect(sent).toEqual([{ title: "Teamleider" }]));
  });
});
