import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { AppError } from "../../lib/bindings/AppError";
import type { FoundSignup } from "../../lib/bindings/FoundSignup";
import { unsaved } from "../../lib/unsaved.svelte";
import SignupCorrection from "./SignupCorrection.svelte";

const SIGNUP = "01930000-0000-7000-8000-0000000005e1";

const FOUND: FoundSignup = {
  id: SIGNUP,
  organization_id: "01930000-0000-7000-8000-00000000000b",
  organization_name: "Buurtcoöperatie De Overkant",
  activity_id: "01930000-0000-7000-8000-0000000000a2",
  activity_title: "Taalcafé",
  activity_starts_at: "2026-12-03T18:30:00Z",
  submitted_at: "2026-11-20T10:12:00Z",
  status: "registered",
  answers: [
    { key: "naam", question: "Naam", answer: "Zoë Celik" },
    { key: "aantal", question: "Aantal personen", answer: 2 },
    { key: "akkoord", question: "Akkoord", answer: true },
    { key: "schoenmaat", question: "schoenmaat", answer: 43 },
  ],
  matched_by: ["name"],
  form: [
    { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
    { key: "dieet", label: "Dieetwens", field_type: "choice", required: false, options: ["Geen", "Vegetarisch"] },
    { key: "aantal", label: "Aantal personen", field_type: "number", required: false, options: [] },
    { key: "akkoord", label: "Akkoord", field_type: "checkbox", required: false, options: [] },
  ],
};

type Call = { cmd: string; args: Record<string, unknown> };

function recordIpc(answer: (call: Call) => unknown = () => null): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const call = { cmd, args: (payload ?? {}) as Record<string, unknown> };
    calls.push(call);
    return answer(call);
  });
  return calls;
}

const field = (label: string) => screen.getByLabelText(label, { exact: false }) as HTMLInputElement;

describe("SignupCorrection", () => {
  it("shows the activity's questions filled with the answers and saves the corrected answers", async () => {
    const calls = recordIpc((call) =>
      call.cmd === "correct_signup_answers"
        ? {
            record: {
              kind: "signup",
              id: SIGNUP,
              organization_id: FOUND.organization_id,
              activity_id: FOUND.activity_id,
              submitted_at: FOUND.submitted_at,
              answers: call.args.answers,
              status: "registered",
            },
            version: 1,
            pending_edits: 1,
            rejected_edits: 0,
            conflicts: 0,
          }
        : null,
    );
    const saved: string[] = [];
    const view = render(SignupCorrection, { found: FOUND, idPrefix: "t", onsaved: () => saved.push("yes") });
    expect(field("Naam").value).toBe("Zoë Celik");
    expect(unsaved.hasChanges).toBe(false);
    expect(field("Naam").getAttribute("aria-required")).toBe("true");
    expect(field("Aantal personen").value).toBe("2");
    expect(field("Akkoord").checked).toBe(true);
    expect((screen.getByLabelText("Dieetwens") as HTMLSelectElement).value).toBe("");

    await fireEvent.input(field("Naam"), { target: { value: "  Zoë Çelik " } });
    expect(unsaved.hasChanges).toBe(true);
    await fireEvent.change(screen.getByLabelText("Dieetwens"), { target: { value: "Vegetarisch" } });
    await fireEvent.input(field("Aantal personen"), { target: { value: "3" } });
    // The answer to a question taken off the form can only be removed.
    await fireEvent.click(screen.getByRole("checkbox", { name: /schoenmaat: 43 — dit antwoord verwijderen/ }));
    await fireEvent.click(screen.getByRole("button", { name: "Correctie opslaan" }));

    await waitFor(() => expect(saved).toEqual(["yes"]));
    expect(calls.find((c) => c.cmd === "correct_signup_answers")?.args).toEqual({
      id: SIGNUP,
      answers: { naam: "Zoë Çelik", dieet: "Vegetarisch", aantal: 3, akkoord: true },
    });
    expect(screen.getByTestId("correction-saved").textContent).toContain("vastgelegd in het logboek");
    expect(unsaved.hasChanges).toBe(false);
    view.unmount();
  });

  it("shows every refused answer beside its question and keeps what was typed", async () => {
    const refusal: AppError = {
      code: "invalid_input",
      reason: { kind: "field_rule", rule: "required", params: { label: "Naam" } },
      message: "Vul “Naam” in.",
      field: "answers.naam",
      fields: [
        { field: "answers.naam", code: "required", message: "Vul “Naam” in.", params: { label: "Naam" } },
        { field: "answers.aantal", code: "invalid_type", message: "Vul een getal in.", params: {} },
      ],
    };
    const calls = recordIpc((call) => {
      if (call.cmd === "correct_signup_answers") throw refusal;
    });
    const saved: string[] = [];
    render(SignupCorrection, { found: FOUND, idPrefix: "t", onsaved: () => saved.push("yes") });
    await fireEvent.input(field("Naam"), { target: { value: "" } });
    await fireEvent.input(field("Aantal personen"), { target: { value: "twee" } });
    await fireEvent.click(screen.getByRole("button", { name: "Correctie opslaan" }));

    const message = await screen.findByText("Vul “Naam” in.");
    expect(message.closest("[data-field]")?.getAttribute("data-field")).toBe("naam");
    expect(field("Naam").getAttribute("aria-invalid")).toBe("true");
    const number = screen.getByText("Vul een getal in.");
    expect(number.closest("[data-field]")?.getAttribute("data-field")).toBe("aantal");
    expect(field("Aantal personen").value).toBe("twee");
    // Sent as typed, so the core could name it; the empty name left out.
    expect(calls.find((c) => c.cmd === "correct_signup_answers")?.args.answers).toEqual({
      aantal: "twee",
      akkoord: true,
      schoenmaat: 43,
    });
    expect(saved).toEqual([]);
    expect(screen.queryByTestId("correction-saved")).toBeNull();
  });
});
