import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import DesktopChoices from "./DesktopChoices.svelte";

function mock(calls: [string, unknown][], refuse = false) {
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case "desktop_settings":
        return { keep_in_tray: false, start_with_computer: false };
      case "set_desktop_settings":
        if (refuse) throw { code: "internal", message: "Kaartbeheer kon niet instellen of het met de computer start." };
        return null;
      default:
        return null;
    }
  });
}

describe("DesktopChoices", () => {
  it("shows the choices off and saves a tick at once, with the other choice unchanged", async () => {
    const calls: [string, unknown][] = [];
    mock(calls);
    render(DesktopChoices);
    const tray = (await screen.findByTestId("keep-in-tray")) as HTMLInputElement;
    expect(tray.checked).toBe(false);
    expect((screen.getByTestId("start-with-computer") as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(tray);
    await waitFor(() => expect(calls.some(([c]) => c === "set_desktop_settings")).toBe(true));
    expect(calls.find(([c]) => c === "set_desktop_settings")?.[1]).toEqual({
      settings: { keep_in_tray: true, start_with_computer: false },
    });
    expect(tray.checked).toBe(true);
  });

  it("puts the tick back and says why when the choice is refused", async () => {
    mock([], true);
    render(DesktopChoices);
    const start = (await screen.findByTestId("start-with-computer")) as HTMLInputElement;
    await fireEvent.click(start);
    expect(await screen.findByText(/kon niet instellen/)).toBeTruthy();
    expect(start.checked).toBe(false);
  });
});
