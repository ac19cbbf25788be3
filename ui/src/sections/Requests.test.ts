import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { PersonFindings } from "../lib/bindings/PersonFindings";
import type { PersonRequest } from "../lib/bindings/PersonRequest";
import Requests from "./Requests.svelte";

const ORG = "01930000-0000-7000-8000-00000000000b";
const CONTACT = "01930000-0000-7000-8000-0000000000c9";
const SIGNUP = "01930000-0000-7000-8000-0000000005e1";

const FOUND: PersonFindings = {
  contacts: [
    {
      organization_id: ORG,
      organization_name: "Buurtcoöperatie De Overkant",
      record: {
        record: {
          kind: "contact",
          id: CONTACT,
          organization_id: ORG,
          name: "Zoë Çelik",
          title: null,
          email: "z.celik@example.nl",
          phone: "+31 6 1234 5678",
          reachability: null,
          photo_url: null,
          agb_code: null,
          street: null,
          postcode: null,
          city: null,
          assured_date: null,
        },
        version: 1,
        pending_edits: 0,
        rejected_edits: 0,
        conflicts: 0,
      },
      matched_by: ["name", "phone"],
    },
  ],
  signups: [
    {
      id: SIGNUP,
      organization_id: ORG,
      organization_name: "Buurtcoöperatie De Overkant",
      activity_id: "01930000-0000-7000-8000-0000000000a2",
      activity_title: "Taalcafé",
      activity_starts_at: "2026-12-03T18:30:00Z",
      submitted_at: "2026-11-20T10:12:00Z",
      status: "registered",
      answers: [{ key: "email", question: "E-mailadres", answer: "zoe.celik@example.org" }],
      matched_by: ["name"],
      form: [{ key: "email", label: "E-mailadres", field_type: "email", required: false, options: [] }],
    },
  ],
  contacts_total: 1,
  signups_total: 1,
};

const OPEN: PersonRequest = {
  id: 4,
  kind: "access",
  received_on: "2026-11-10",
  deadline: "2026-12-08",
  handled_on: null,
  counts: { contacts: 0, signups: 0 },
  overdue: false,
};
const LATE: PersonRequest = { ...OPEN, id: 3, kind: "erasure", received_on: "2026-10-01", deadline: "2026-10-29", overdue: true };

type Call = { cmd: string; args: Record<string, unknown> };

function recordIpc(answer: (call: Call) => unknown): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const call = { cmd, args: (payload ?? {}) as Record<string, unknown> };
    calls.push(call);
    return answer(call);
  });
  return calls;
}

describe("Requests", () => {
  it("shows each request's deadline as a Dutch date, marks one past it, and records a new one", async () => {
    let log = [OPEN, LATE];
    const calls = recordIpc((call) => {
      if (call.cmd === "person_requests") return log;
      if (call.cmd === "add_person_request") {
        log = [{ ...OPEN, id: 5, kind: "erasure", received_on: "2026-11-20", deadline: "2026-12-18" }, ...log];
        return log[0];
      }
      return null;
    });
    render(Requests);
    const rows = await screen.findAllByTestId("request-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId("request-deadline").textContent).toBe("8 december 2026");
    expect(rows[0].textContent).toContain("Open");
    expect(rows[1].textContent).toContain("Termijn verstreken");

    await fireEvent.change(screen.getByTestId("request-kind"), { target: { value: "erasure" } });
    await fireEvent.input(screen.getByTestId("request-received"), { target: { value: "20-11-2026" } });
    await fireEvent.click(screen.getByRole("button", { name: "Verzoek vastleggen" }));
    await waitFor(() => expect(screen.getAllByTestId("request-row")).toHaveLength(3));
    expect(calls.find((c) => c.cmd === "add_person_request")?.args).toEqual({
      kind: "erasure",
      receivedOn: "2026-11-20",
    });
    expect(screen.getAllByTestId("request-deadline")[0].textContent).toBe("18 december 2026");
  });

  it("finds a person, exports the selection, and erases it only after the question", async () => {
    let found: PersonFindings = FOUND;
    const calls = recordIpc((call) => {
      switch (call.cmd) {
        case "person_requests":
          return [];
        case "find_person":
          return found;
        case "plugin:dialog|save":
          return "/home/beheerder/Documenten/gegevens.json";
        case "export_person":
          return { contacts: 1, signups: 1 };
        case "erase_person":
          found = { contacts: [], signups: [], contacts_total: 0, signups_total: 0 };
          return { contacts: 1, signups: 1 };
        default:
          return null;
      }
    });
    render(Requests);
    await fireEvent.input(screen.getByLabelText("Naam"), { target: { value: "zoe celik" } });
    await fireEvent.click(screen.getByRole("button", { name: "Zoeken" }));
    const contacts = await screen.findByTestId("found-contacts");
    expect(contacts.textContent).toContain("Zoë Çelik");
    expect(contacts.textContent).toContain("Gevonden op: naam, telefoonnummer");
    expect(screen.getByTestId("found-signups").textContent).toContain("zoe.celik@example.org");
    expect(calls.find((c) => c.cmd === "find_person")?.args).toEqual({
      query: { name: "zoe celik", email: "", phone: "" },
    });

    // Export: the save dialog suggests a name without personal data.
    await fireEvent.click(screen.getByRole("button", { name: "Exporteren als JSON…" }));
    await waitFor(() => expect(screen.getByTestId("requests-done").textContent).toContain("gegevens.json"));
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save")?.args.options as { defaultPath: string };
    expect(dialog.defaultPath).toMatch(/^persoonsgegevens-\d{4}-\d{2}-\d{2}\.json$/);
    expect(calls.find((c) => c.cmd === "export_person")?.args).toEqual({
      selection: { contacts: [CONTACT], signups: [SIGNUP] },
      format: "json",
      path: "/home/beheerder/Documenten/gegevens.json",
    });

    // Unticking the contact leaves it out of what is erased.
    await fireEvent.click(screen.getByRole("checkbox", { name: "Zoë Çelik selecteren" }));
    expect(screen.getByTestId("selected-counts").textContent).toContain("contactpersonen 0, aanmeldingen 1");
    await fireEvent.click(screen.getByRole("checkbox", { name: "Zoë Çelik selecteren" }));

    await fireEvent.click(screen.getByRole("button", { name: "Selectie overal verwijderen…" }));
    expect(calls.some((c) => c.cmd === "erase_person")).toBe(false);
    await fireEvent.click(screen.getByRole("button", { name: "Ja, overal verwijderen" }));
    const done = await screen.findByText(/Verwijderd: contactpersonen 1, aanmeldingen 1/);
    expect(calls.find((c) => c.cmd === "erase_person")?.args).toEqual({
      selection: { contacts: [CONTACT], signups: [SIGNUP] },
    });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(screen.getByTestId("nothing-found")).toBeTruthy();
  });

  it("corrects a found sign-up's answers with its activity's form and shows the log again", async () => {
    let logLoads = 0;
    const calls = recordIpc((call) => {
      switch (call.cmd) {
        case "person_requests":
          logLoads += 1;
          return [];
        case "find_person":
          return FOUND;
        case "correct_signup_answers":
          return {
            record: {
              kind: "signup",
              id: SIGNUP,
              organization_id: ORG,
              activity_id: FOUND.signups[0].activity_id,
              submitted_at: FOUND.signups[0].submitted_at,
              answers: call.args.answers,
              status: "registered",
            },
            version: 1,
            pending_edits: 1,
            rejected_edits: 0,
            conflicts: 0,
          };
        default:
          return null;
      }
    });
    render(Requests);
    await fireEvent.input(screen.getByLabelText("Naam"), { target: { value: "zoe celik" } });
    await fireEvent.click(screen.getByRole("button", { name: "Zoeken" }));
    const signups = await screen.findByTestId("found-signups");
    await fireEvent.click(within(signups).getByRole("button", { name: "Corrigeren" }));
    const form = within(signups).getByTestId("signup-correction");
    const email = within(form).getByLabelText("E-mailadres") as HTMLInputElement;
    expect(email.value).toBe("zoe.celik@example.org");
    await fireEvent.input(email, { target: { value: "zoe@example.org" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Correctie opslaan" }));

    const done = await screen.findByText(/Correctie opgeslagen op deze computer/);
    expect(calls.find((c) => c.cmd === "correct_signup_answers")?.args).toEqual({
      id: SIGNUP,
      answers: { email: "zoe@example.org" },
    });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(logLoads).toBe(2);
  });
});
