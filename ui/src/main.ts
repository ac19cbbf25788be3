// Entry point: mounts the shell in the kept language (asked of Rust first, so
// the first screen already speaks it). In the `screen` build (Playwright
// screen tests) it first installs mocked IPC; that branch is dropped from the
// normal build because `import.meta.env.MODE` is a build-time constant.

import { mount } from "svelte";
import App from "./App.svelte";
import { loadLanguage } from "./lib/i18n.svelte";
import "./app.css";

async function start(): Promise<void> {
  if (import.meta.env.MODE === "screen") {
    const { installScreenMocks } = await import("./mocks/screen");
    installScreenMocks(new URLSearchParams(window.location.search));
  }
  await loadLanguage();
  const target = document.getElementById("app");
  if (!target) throw new Error("#app ontbreekt in index.html");
  mount(App, { target });
}

void start();
