import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { hsdsFileName } from "../../lib/exportFileName";
import HsdsExport from "./HsdsExport.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";

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

describe("HsdsExport", () => {
  it("suggests a safe file name from the organisation's name", () => {
    expect(hsdsFileName("Stichting Zoë & Co — Leiden")).toBe("organisatie-stichting-zoe-co-leiden-hsds.json");
  });

  it("asks where to save, exports the organisation there and says how much went in", async () => {
    const calls = recordIpc((call) => {
      if (call.cmd === "plugin:dialog|save") return "/home/beheerder/Documenten/org.json";
      if (call.cmd === "export_organization_hsds") return 7;
      return null;
    });
    render(HsdsExport, { organizationId: ORG, name: "Buurthuis De Ster" });
    await fireEvent.click(screen.getByRole("button", { name: "Gegevens exporteren (HSDS)…" }));
    await waitFor(() =>
      expect(screen.getByTestId("hsds-done").textContent).toContain("7 aanbiedingen en activiteiten opgeslagen in org.json."),
    );
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save")?.args.options as { defaultPath: string };
    expect(dialog.defaultPath).toBe("organisatie-buurthuis-de-ster-hsds.json");
    expect(calls.find((c) => c.cmd === "export_organization_hsds")?.args).toEqual({
      organization: ORG,
      path: "/home/beheerder/Documenten/org.json",
    });
  });

  it("does nothing when the dialog is closed, and shows a failed write", async () => {
    let path: string | null = null;
    const calls = recordIpc((call) => {
      if (call.cmd === "plugin:dialog|save") return path;
      if (call.cmd === "export_organization_hsds")
        throw { code: "internal", message: "Het exportbestand kon niet worden opgeslagen." };
      return null;
    });
    render(HsdsExport, { organizationId: ORG, name: "Buurthuis" });
    const button = screen.getByRole("button", { name: "Gegevens exporteren (HSDS)…" });
    await fireEvent.click(button);
    await waitFor(() => expect(calls.some((c) => c.cmd === "plugin:dialog|save")).toBe(true));
    expect(calls.some((c) => c.cmd === "export_organization_hsds")).toBe(false);

    path = "/alleen-lezen/org.json";
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("kon niet worden opgeslagen"));
    expect(screen.queryByTestId("hsds-done")).toBeNull();
  });
});
