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

describe("RecordForm: every error at once, required fields", () => {
  it("shows every refused field beside it at once and focuses the first", async () => {
    render(RecordForm, {
      fields: CONTACT_FIELDS,
      record: BASE,
      onsave: async () => {
        throw {
          code: "invalid_input",
          reason: { kind: "field_rule", rule: "invalid_email" },
          message: "Vul een geldig e-mailadres in.",
          field: "email",
          fields: [
            { field: "email", code: "invalid_email", message: "Vul een geldig e-mailadres in." },
            { field: "postcode", code: "invalid_postcode", message: "Vul een postcode in als 1234 AB." },
          ],
        };
      },
    });
    await fireEvent.input(screen.getByLabelText("E-mailadres"), { target: { value: "geen-adres" } });
    await fireEvent.input(screen.getByLabelText("Postcode"), { target: { value: "12345" } });
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await screen.findByText("Vul een postcode in als 1234 AB.");
    expect(screen.getByText("Vul een geldig e-mailadres in.")).toBeTruthy();
    const email = screen.getByLabelText("E-mailadres") as HTMLInputElement;
    const postcode = screen.getByLabelText("Postcode") as HTMLInputElement;
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(postcode.getAttribute("aria-invalid")).toBe("true");
    expect(postcode.value).toBe("12345");
    await waitFor(() => expect(document.activeElement).toBe(email));
  });

  it("marks required fields with aria-required, and only those", () => {
    render(RecordForm, { fields: CONTACT_FIELDS, record: BASE, onsave: async () => {} });
    expect(screen.getByLabelText("Naam *").getAttribute("aria-required")).toBe("true");
    expect(screen.getByLabelText("Functie").hasAttribute("aria-required")).toBe(false);
  });
});
