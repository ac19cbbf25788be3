// Mocked IPC for the screen build (`vite build --mode screen`), used by the
// Playwright screen tests. `?scenario=offline` makes every command fail with
// the `offline` error so error screens can be photographed too.

import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { AppError } from "../lib/bindings/AppError";
import type { AppInfo } from "../lib/bindings/AppInfo";

export const SCREEN_APP_INFO: AppInfo = {
  version: "0.1.0-screen",
  demo: true,
  service_url: "http://127.0.0.1:8080",
};

export function installScreenMocks(params: URLSearchParams): void {
  const scenario = params.get("scenario") ?? "normal";
  mockWindows("main");
  mockIPC((cmd) => {
    if (scenario === "offline") {
      const error: AppError = {
        code: "offline",
        message: "De centrale dienst reageert niet.",
      };
      throw error;
    }
    switch (cmd) {
      case "app_info":
        return SCREEN_APP_INFO;
      default:
        throw { code: "internal", message: `onbekend commando: ${cmd}` } satisfies AppError;
    }
  });
}
