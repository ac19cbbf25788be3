import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { useLanguage } from "../lib/i18n.svelte";
import Settings from "./Settings.svelte";

const INFO = {
  version: "1",
  demo: false,
  service_url: "https://kaart.example.nl",
  data_dir: "/home/anna/.local/share/nl.kaartbeheer.app",
  startup_error: null,
};

function mock(calls: [string, unknown][]) {
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case "app_info":
        return INFO;
      case "records":
        return [
          {
            record: { kind: "profile", id: "p", name: "Anna", salutation: null, email: null, phone: null, username: "anna", note: null, assured_date: null },
            version: 1,
            pending_edits: 0,
            rejected_edits: 0,
            conflicts: 0,
          },
        ];
      case "sync_status":
        return { connectivity: "signed_out", syncing: null, last_synced_at: null, pending_edits: 0, rejected_edits: 0, conflicts: 0 };
      default:
        return null;
    }
  });
}

describe("Settings", () => {
  it("shows the account and where the data lives", async () => {
    mock([]);
    render(Settings);
    await screen.findByText("anna");
    expect(screen.getByTestId("settings-username").textContent).toBe("anna");
    await screen.findByText("https://kaart.example.nl");
    expect(screen.getByTestId("settings-data-dir").textContent).toBe(INFO.data_dir);
  });

  it("signs out and deletes only after confirming, focusing the question, and says what was deleted", async () => {
    const calls: [string, unknown][] = [];
    mock(calls);
    render(Settings);
    await screen.findByTestId("settings-data-dir");
    await fireEvent.click(screen.getByRole("button", { name: /gegevens van deze computer verwijderen/ }));
    expect(calls.some(([c]) => c === "sign_out")).toBe(false);
    const confirm = screen.getByRole("button", { name: "Ja, uitloggen en verwijderen" });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(confirm);
    await fireEvent.click(confirm);
    const outcome = await screen.findByTestId("signout-outcome");
    expect(calls.find(([c]) => c === "sign_out")?.[1]).toEqual({ wipeLocalData: true });
    expect(outcome.textContent).toContain(INFO.data_dir);
    expect(outcome.textContent).toContain("sessietoken");
  });

  it("signs out without deleting", async () => {
    const calls: [string, unknown][] = [];
    mock(calls);
    render(Settings);
    await screen.findByTestId("settings-data-dir");
    await fireEvent.click(screen.getByRole("button", { name: "Uitloggen" }));
    await screen.findByTestId("signout-outcome");
    expect(calls.find(([c]) => c === "sign_out")?.[1]).toEqual({ wipeLocalData: false });
  });

  it("switches to English at once, keeps the choice through Rust and sets <html lang>", async () => {
    const calls: [string, unknown][] = [];
    mock(calls);
    render(Settings);
    await screen.findByTestId("settings-data-dir");
    expect(document.documentElement.lang).not.toBe("en");
    const choice = screen.getByTestId("settings-language") as HTMLSelectElement;
    expect(choice.value).toBe("nl");
    await fireEvent.change(choice, { target: { value: "en" } });
    expect(calls.find(([c]) => c === "set_ui_language")?.[1]).toEqual({ language: "en" });
    // The same screen, now in English: no reload.
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Uitloggen" })).toBeNull();
    expect(screen.getByText("Data on this computer")).toBeTruthy();
    expect(document.documentElement.lang).toBe("en");
    await fireEvent.change(choice, { target: { value: "nl" } });
    expect(calls.filter(([c]) => c === "set_ui_language").at(-1)?.[1]).toEqual({ language: "nl" });
    expect(await screen.findByRole("button", { name: "Uitloggen" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("nl");
  });

  it("reads in English when English was chosen, the warning counted in English", async () => {
    useLanguage("en");
    mockIPC((cmd) => {
      if (cmd === "app_info") return INFO;
      if (cmd === "sync_status")
        return { connectivity: "online", syncing: null, last_synced_at: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
      return [];
    });
    render(Settings);
    await screen.findByText("https://kaart.example.nl");
    expect(screen.getByText("Central service")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Sign out and delete this computer's data…" }));
    expect(screen.getByRole("button", { name: "Yes, sign out and delete" })).toBeTruthy();
  });
});
