import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";

const STATUS = {
  connectivity: "online",
  syncing: null,
  last_synced_at: null,
  pending_edits: 2,
  rejected_edits: 0,
  conflicts: 0,
};

function mockApp(info: Record<string, unknown>) {
  mockIPC((cmd) => {
    switch (cmd) {
      case "app_info":
        return { version: "1.2.3", demo: true, service_url: "", startup_error: null, ...info };
      case "sync_status":
        return STATUS;
      case "organizations":
      case "records":
      case "conflicts":
      case "rejected_edits":
      case "due_for_review":
        return [];
      default:
        return null;
    }
  });
}

describe("App shell", () => {
  it("opens on Organisaties and navigates with the sidebar", async () => {
    mockApp({});
    render(App);

    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Organisaties");
    const nav = screen.getByRole("navigation", { name: "Hoofdmenu" });
    const labels = [...nav.querySelectorAll("button")].map((b) => b.textContent?.trim());
    expect(labels).toEqual([
      "Organisaties",
      "Activiteiten & aanmeldingen",
      "Controle",
      "Verzoeken",
      "Profiel",
      "Synchronisatie",
      "Instellingen",
      "Over Kaartbeheer",
    ]);

    await fireEvent.click(screen.getByRole("button", { name: "Synchronisatie" }));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Synchronisatie");
    expect(
      screen.getByRole("button", { name: "Synchronisatie" }).getAttribute("aria-current"),
    ).toBe("page");

    await fireEvent.click(screen.getByRole("button", { name: "Over Kaartbeheer" }));
    expect((await screen.findByTestId("app-version")).textContent).toBe("1.2.3");
    expect(screen.getByTestId("demo-badge")).toBeTruthy();
    expect((await screen.findByTestId("pending-edits")).textContent).toBe("2 wijzigingen wachten");
  });

  it("shows only the error screen when the keyring failed at start", async () => {
    mockApp({ startup_error: { code: "keyring", reason: { kind: "keyring_unavailable" }, message: "De sleutel ontbreekt." } });
    render(App);
    expect(await screen.findByTestId("startup-error")).toBeTruthy();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("offers to set a store with a lost key aside, only after confirming", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "app_info")
        return {
          version: "1",
          demo: true,
          service_url: "",
          startup_error: { code: "store_key_lost", reason: { kind: "store_key_missing" }, message: "De sleutel ontbreekt." },
        };
      if (cmd === "set_aside_local_store")
        throw { code: "store", reason: { kind: "store_unreadable" }, message: "Hernoemen mislukte." };
      return null;
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Opnieuw beginnen…" }));
    expect(calls).not.toContain("set_aside_local_store");
    await fireEvent.click(
      screen.getByRole("button", { name: "Gegevens opzij zetten en opnieuw beginnen" }),
    );
    expect(calls).toContain("set_aside_local_store");
    expect(await screen.findByText("De lokale gegevens konden niet worden gelezen of bijgewerkt.")).toBeTruthy();
  });

  it("asks for a sign-in with an external service that is signed out", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info")
        return { version: "1", demo: false, service_url: "http://x", startup_error: null };
      if (cmd === "sync_status") return { ...STATUS, connectivity: "signed_out" };
      return null;
    });
    render(App);
    expect(await screen.findByTestId("sign-in")).toBeTruthy();
    expect(screen.getByLabelText("Gebruikersnaam")).toBeTruthy();
  });
});
