import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { AppError } from "../lib/ipc";
import About from "./About.svelte";

describe("About", () => {
  it("shows the version Rust reports through app_info", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "app_info") {
        return { version: "9.8.7", demo: true, service_url: "http://127.0.0.1:4000" };
      }
    });

    render(About);

    expect((await screen.findByTestId("app-version")).textContent).toBe("9.8.7");
    expect(screen.getByTestId("service-url").textContent).toBe("http://127.0.0.1:4000");
    expect(screen.getByTestId("app-mode").textContent).toContain("Demo");
    expect(calls).toEqual(["app_info"]);
  });

  it("explains an offline error in Dutch, worded from its reason", async () => {
    mockIPC(() => {
      throw { code: "offline", reason: { kind: "service_unreachable" }, message: "verbinding geweigerd" } satisfies AppError;
    });

    render(About);

    const alert = await screen.findByRole("alert");
    expect(alert.dataset.code).toBe("offline");
    expect(alert.textContent).toContain("Geen verbinding met de centrale dienst");
    expect(alert.textContent).toContain("De centrale dienst is niet bereikbaar.");
    // The reason is worded by the catalogue, not copied from Rust's text.
    expect(alert.textContent).not.toContain("verbinding geweigerd");
  });

  it("names the licence of every component the app ships, Rust and npm", async () => {
    mockIPC(() => ({ version: "1.0.0", demo: false, service_url: "" }));

    render(About);

    const rows = [...screen.getByTestId("licence-list").querySelectorAll("tbody tr")].map((row) =>
      [...row.querySelectorAll("td")].map((cell) => cell.textContent),
    );
    const named = (name: string) => rows.find((r) => r[0] === name);
    expect(named("tauri")?.[2]).toBe("Apache-2.0 OR MIT");
    expect(named("rusqlite")?.[2]).toBe("MIT");
    expect(named("svelte")?.[3]).toBe("npm");
    // The summary counts every row once.
    const summed = [...screen.getByTestId("licence-summary").querySelectorAll("li")]
      .map((li) => Number((li.textContent ?? "").split(": ").pop()?.replace(".", "")))
      .reduce((a, b) => a + b, 0);
    expect(summed).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(500);
  });
});
