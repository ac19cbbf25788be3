// Vitest setup: every test starts without IPC mocks left over from another,
// and in Dutch (the default) whatever language the previous test chose.

import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { useLanguage } from "./lib/i18n.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
  useLanguage("nl");
});
