import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Activity } from "../../lib/bindings/Activity";
import type { ExportChoices } from "../../lib/bindings/ExportChoices";
import { EXPORT_PROGRESS_EVENT } from "../../lib/bindings/events";
import type { AppError } from "../../lib/ipc";
import ExportPanel from "./ExportPanel.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";
const ACTIVITY: Activity = {
  id: "01930000-0000-7000-8000-0000000000a1",
  organization_id: ORG,
  title: "Café voor mantelzorgers",
  description: null,
  // 00:30 UTC is already 25 October in the Netherlands.
  starts_at: "2026-10-24T22:30:00Z",
  ends_at: "2026-10-25T00:30:00Z",
  location: null,
  capacity: 8,
  signup_opens_at: null,
  signup_closes_at: null,
  status: "published",
  form: [
    { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
    { key: "dieet", label: "Dieetwensen", field_type: "choice", required: false, options: ["geen", "halal"] },
  ],
  assured_date: null,
};
const VIEW = { status: "registered" as const, search: "jan", sort: { by: "answer" as const, key: "naam" }, descending: true };
const DEFAULTS: ExportChoices = { format: "csv", delimiter: "semicolon", bom: true, columns: [] };
const PATH = "/home/beheerder/Documenten/lijst.csv";

type Call = { cmd: string; args: Record<string, unknown> };

function recordIpc(answer: (call: Call) => unknown): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, payload) => {
      const call = { cmd, args: (payload ?? {}) as Record<string, unknown> };
      calls.push(call);
      return answer(call);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

function answering(overrides: Record<string, (call: Call) => unknown>): (call: Call) => unknown {
  return (call) => {
    if (call.cmd in overrides) return overrides[call.cmd](call);
    if (call.cmd === "export_choices") return DEFAULTS;
    if (call.cmd === "plugin:dialog|save") return PATH;
    return null;
  };
}

function open(closed: () => void = () => {}) {
  return render(ExportPanel, { activity: ACTIVITY, answerKeys: ["dieet", "naam", "oud"], view: VIEW, onclose: closed });
}

const columnLabels = () =>
  within(screen.getByTestId("export-columns"))
    .getAllByRole("checkbox")
    .map((box) => [box.parentElement?.textContent?.trim(), (box as HTMLInputElement).checked]);

const exportButton = () => screen.getByRole("button", { name: "Exporteren…" }) as HTMLButtonElement;

describe("ExportPanel", () => {
  it("says on which day the sign-ups are deleted under the retention period", async () => {
    const calls = recordIpc(answering({ signup_retention: () => "2027-01-24" }));
    open();
    await waitFor(() =>
      expect(screen.getByTestId("export-retention").textContent).toContain("verwijderen deze aanmeldingen op 24 januari 2027"),
    );
    expect(calls.find((c) => c.cmd === "signup_retention")?.args).toEqual({ activity: ACTIVITY.id });
  });

  it("without a known day it says the service deletes them after the retention period", async () => {
    recordIpc(answering({ signup_retention: () => null }));
    open();
    await waitFor(() => expect(screen.getByTestId("export-retention").textContent).toContain("bewaartermijn"));
    expect(screen.getByTestId("export-retention").textContent).not.toContain(" op ");
  });

  it("shows the choices remembered for the organisation", async () => {
    const calls = recordIpc(
      answering({
        export_choices: () =>
          ({
            format: "csv",
            delimiter: "tab",
            bom: false,
            columns: [
              { column: { of: "status" }, included: true },
              { column: { of: "answer", key: "naam" }, included: false },
              { column: { of: "answer", key: "elders" }, included: true },
            ],
          }) satisfies ExportChoices,
      }),
    );
    open();
    await waitFor(() => expect((screen.getByLabelText("Tab") as HTMLInputElement).checked).toBe(true));
    expect(calls.find((c) => c.cmd === "export_choices")?.args).toEqual({ organization: ORG });
    expect((screen.getByLabelText(/Byte order mark/) as HTMLInputElement).checked).toBe(false);
    // Remembered order and ticks first; then the activity's other columns
    // (a removed field's answers unticked); a remembered column this
    // activity lacks is not shown.
    expect(columnLabels()).toEqual([
      ["Status", true],
      ["Naam", false],
      ["Dieetwensen", true],
      ["oud (niet meer op het formulier)", false],
      ["Aangemeld op", true],
    ]);
    expect(screen.getByTestId("export-privacy").textContent).toContain("kopie van persoonsgegevens");
  });

  it("sends the choices and the list's view, and remembers the choices", async () => {
    const calls = recordIpc(answering({ export_signups: () => 2 }));
    open();
    await waitFor(() => expect(exportButton().disabled).toBe(false));
    await fireEvent.click(screen.getByLabelText("Komma (,)"));
    await fireEvent.click(screen.getByLabelText(/Byte order mark/));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Aangemeld op" }));
    await fireEvent.click(screen.getByRole("button", { name: "Dieetwensen omhoog" }));
    await fireEvent.click(exportButton());
    await screen.findByText("2 aanmeldingen opgeslagen in lijst.csv.");

    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save")?.args.options as Record<string, unknown>;
    expect(dialog.defaultPath).toBe("aanmeldingen-cafe-voor-mantelzorgers-2026-10-25.csv");
    const columns = [{ of: "answer", key: "dieet" }, { of: "answer", key: "naam" }, { of: "status" }];
    expect(calls.find((c) => c.cmd === "export_signups")?.args).toEqual({
      activity: ACTIVITY.id,
      path: PATH,
      options: { format: "csv", delimiter: "comma", bom: false, columns, ...VIEW },
    });
    expect(calls.find((c) => c.cmd === "save_export_choices")?.args).toEqual({
      organization: ORG,
      choices: {
        format: "csv",
        delimiter: "comma",
        bom: false,
        columns: [
          { column: { of: "answer", key: "dieet" }, included: true },
          { column: { of: "answer", key: "naam" }, included: true },
          { column: { of: "answer", key: "oud" }, included: false },
          { column: { of: "submitted_at" }, included: false },
          { column: { of: "status" }, included: true },
        ],
      },
    });
  });

  it("does nothing when the save dialog is closed", async () => {
    const calls = recordIpc(answering({ "plugin:dialog|save": () => null }));
    open();
    await waitFor(() => expect(exportButton().disabled).toBe(false));
    await fireEvent.click(exportButton());
    await waitFor(() => expect(calls.some((c) => c.cmd === "plugin:dialog|save")).toBe(true));
    expect(calls.some((c) => c.cmd === "export_signups")).toBe(false);
    expect(exportButton().disabled).toBe(false);
  });

  it("shows progress and cancels", async () => {
    let reject: (error: AppError) => void = () => {};
    const calls = recordIpc(
      answering({
        export_signups: () => new Promise((_, no) => (reject = no)),
        cancel_export: () => {
          reject({ code: "internal", reason: { kind: "export_cancelled" }, message: "De export is afgebroken; er is geen bestand gemaakt." });
          return null;
        },
      }),
    );
    open();
    await waitFor(() => expect(exportButton().disabled).toBe(false));
    await fireEvent.click(exportButton());
    const cancel = await screen.findByRole("button", { name: "Annuleren" });
    await waitFor(() => expect(calls.some((c) => c.cmd === "export_signups")).toBe(true));
    await emit(EXPORT_PROGRESS_EVENT, { done: 1_500, total: 3_000 });
    await screen.findByText("1.500 van 3.000 aanmeldingen (50%)");
    await fireEvent.click(cancel);
    await screen.findByText("De export is afgebroken. Er is geen bestand gemaakt.");
    expect(calls.filter((c) => c.cmd === "cancel_export")).toHaveLength(1);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says in Dutch why the export failed", async () => {
    recordIpc(
      answering({
        export_signups: () => {
          throw {
            code: "internal",
            reason: { kind: "export_not_saved", cause: "no_permission" },
            message: "Het exportbestand kon niet worden opgeslagen. U hebt geen schrijfrechten in die map. Kies een andere map; er is niets veranderd.",
          } satisfies AppError;
        },
      }),
    );
    open();
    await waitFor(() => expect(exportButton().disabled).toBe(false));
    await fireEvent.click(exportButton());
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Het exporteren is niet gelukt.");
    expect(alert.textContent).toContain("U hebt geen schrijfrechten in die map.");
    expect(alert.textContent).toContain("Er is geen half bestand achtergelaten.");
    // The choices stay, so another folder can be tried at once.
    expect(exportButton().disabled).toBe(false);
  });
});
