// Vite builds the window into ui/dist, which src-tauri embeds at compile time.
// `--mode screen` builds a variant with mocked IPC for the Playwright screen
// tests (tests/screen); the mocks are tree-shaken out of the normal build.
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { paraglideVitePlugin } from "@inlang/paraglide-js";

export default defineConfig({
  plugins: [
    // Compiles ui/messages/{nl,en}.json into typed message functions in
    // src/lib/paraglide (generated, not committed) before building or testing.
    paraglideVitePlugin({
      project: "./project.inlang",
      outdir: "./src/lib/paraglide",
      strategy: ["globalVariable", "baseLocale"],
      emitTsDeclarations: true,
    }),
    svelte(),
    svelteTesting(),
  ],
  // Relative asset paths work under tauri:// and under the screen tests' server.
  base: "./",
  clearScreen: false,
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: {
    target: "es2022",
    sourcemap: false,
    // No inlined assets: the CSP allows only 'self'.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    restoreMocks: true,
  },
});
