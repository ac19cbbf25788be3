// Vitest setup: every test starts without IPC mocks left over from another.

import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";

afterEach(() => {
  cleanup();
  clearMocks();
});
