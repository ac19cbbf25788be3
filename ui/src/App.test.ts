import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";

describe("App shell", () => {
  it("opens on Organisaties and navigates with the sidebar", async () => {
    mockIPC(() => ({ version: "1.2.3", demo: true, service_url: "" }));
    render(App);

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Organisaties");
    const nav = screen.getByRole("navigation", { name: "Hoofdmenu" });
    const labels = [...nav.querySelectorAll("button")].map((b) => b.textContent?.trim());
    expect(labels).toEqual([
      "Organisaties",
      "Activiteiten & aanmeldingen",
      "Controle",
      "Profiel",
      "Synchronisatie",
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
  });
});
