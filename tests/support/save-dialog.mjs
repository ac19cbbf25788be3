// Answers the app's real native save dialog (GTK's file chooser, opened by
// tauri-plugin-dialog) the way a user does with the keyboard: the dialog is
// found by its title with `xdotool`, given the focus, the suggested name is
// replaced by a full path, and Enter saves. The app's own code path is not
// bypassed: the path comes back through the plugin as from any user.

import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

async function xdotool(...args) {
  const { stdout } = await run("xdotool", args, { timeout: 30_000 });
  return stdout.trim();
}

/**
 * Waits (up to `timeout` ms) for a window titled `title`, types `path` into
 * its name field and presses Enter.
 */
export async function answerSaveDialog(title, path, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let window = "";
  while (!window) {
    // Only a shown window: GTK keeps an earlier dialog's window, unmapped.
    const exact = `^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
    window = (await xdotool("search", "--onlyvisible", "--name", exact).catch(() => "")).split("\n")[0];
    if (window) break;
    if (Date.now() > deadline) throw new Error(`no save dialog titled "${title}" appeared`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // No window manager under Xvfb: give the dialog the input focus directly.
  await xdotool("windowfocus", "--sync", window);
  // Let GTK settle the focus on the name field (it holds the suggested name, selected).
  await new Promise((r) => setTimeout(r, 500));
  await xdotool("key", "--clearmodifiers", "ctrl+a");
  await xdotool("type", "--delay", "20", path);
  await xdotool("key", "Return");
}
