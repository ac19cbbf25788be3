import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import Sidebar from "./Sidebar.svelte";

function mockCounts(due: number, almost_due: number) {
  mockIPC((cmd) => (cmd === "review_counts" ? { due, almost_due } : null));
}

describe("Sidebar", () => {
  it("shows on Controle how many records are due", async () => {
    mockCounts(4, 2);
    render(Sidebar, { current: "organisaties", onselect: () => {} });
    const badge = await screen.findByTestId("review-badge");
    expect(badge.textContent).toBe("4 te controleren");
    const button = screen.getByRole("button", { name: "Controle" });
    expect(button.getAttribute("aria-describedby")).toBe(badge.id);
  });

  it("shows no badge when nothing is due", async () => {
    mockCounts(0, 3);
    render(Sidebar, { current: "organisaties", onselect: () => {} });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("review-badge")).toBeNull();
  });
});
