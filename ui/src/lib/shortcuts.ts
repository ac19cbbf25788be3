// The keyboard shortcuts of the window, in one place: which keys, what they
// do, and the list About shows (and the README repeats).
//
// - new record: Ctrl+N — presses the open screen's "new" button (marked
//   `data-shortcut="new"`);
// - save: Ctrl+S — submits the form that has the focus, else the screen's
//   one form marked `data-shortcut="save"`;
// - search: Ctrl+F, or / when not typing — focuses the field marked
//   `data-shortcut="search"`;
// - sync: Ctrl+R or F5 — "Nu synchroniseren" (and never reloads the window,
//   which would lose what was typed).
// On macOS Cmd works as Ctrl. Screens opt in by marking their controls; this
// module knows no screen.

import { m } from "./paraglide/messages";

export type ShortcutId = "new" | "save" | "search" | "sync";

export interface Shortcut {
  id: ShortcutId;
  /** The keys as shown to the manager, each one way to do it. */
  keys: readonly string[];
  /** What happens, in the chosen language. */
  label: () => string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: "new", keys: ["Ctrl+N"], label: m.shortcut_new },
  { id: "save", keys: ["Ctrl+S"], label: m.shortcut_save },
  { id: "search", keys: ["Ctrl+F", "/"], label: m.shortcut_search },
  { id: "sync", keys: ["Ctrl+R", "F5"], label: m.shortcut_sync },
];

/** What a key event needs to be matched. */
export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

/**
 * The shortcut a key press means, or null. `typing` says focus is in a text
 * field, where a plain "/" is just a slash.
 */
export function shortcutOf(event: KeyPress, typing: boolean): ShortcutId | null {
  const command = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
  if (event.key === "F5" && plain && !event.shiftKey) return "sync";
  if (event.key === "/" && plain && !typing) return "search";
  if (!command) return null;
  switch (event.key.toLowerCase()) {
    case "n":
      return "new";
    case "s":
      return "save";
    case "f":
      return "search";
    case "r":
      return "sync";
    default:
      return null;
  }
}

/** Whether `element` takes typed text (so "/" is not a shortcut there). */
export function isTyping(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset"].includes(element.type);
  }
  return element instanceof HTMLElement && element.isContentEditable;
}

function visible(element: HTMLElement): boolean {
  return !element.closest("[hidden], [inert]") && !(element as HTMLButtonElement).disabled;
}

/**
 * Carries out `id` on the screen under `root`; `sync` starts a sync.
 * Returns whether anything was there to do it with.
 */
export function runShortcut(id: ShortcutId, root: ParentNode, sync: () => void): boolean {
  const marked = (name: string) =>
    [...root.querySelectorAll<HTMLElement>(`[data-shortcut="${name}"]`)].find(visible) ?? null;
  switch (id) {
    case "new": {
      const button = marked("new");
      button?.click();
      return button !== null;
    }
    case "save": {
      const active = document.activeElement;
      const focused = active && root.contains(active) ? active.closest("form") : null;
      const form = focused ?? (marked("save") as HTMLFormElement | null);
      form?.requestSubmit();
      return form !== null;
    }
    case "search": {
      const field = marked("search");
      field?.focus();
      return field !== null;
    }
    case "sync":
      sync();
      return true;
  }
}

/**
 * Listens for the shortcuts on `target` (the window) while `root()` is the
 * open screen; returns the function that stops listening. Skipped while a
 * modal dialog is open (its buttons decide first).
 */
export function installShortcuts(target: Window, root: () => ParentNode | null, sync: () => void): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.repeat) return;
    const id = shortcutOf(event, isTyping(document.activeElement));
    if (!id) return;
    // Also while a dialog is open: Ctrl+R/F5 must never reload the window.
    event.preventDefault();
    const screen = root();
    if (screen && !document.querySelector("dialog[open]")) runShortcut(id, screen, sync);
  };
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}
