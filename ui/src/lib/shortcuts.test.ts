import { afterEach, describe, expect, it, vi } from "vitest";
import { installShortcuts, runShortcut, shortcutOf, type KeyPress } from "./shortcuts";

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("shortcutOf", () => {
  it("knows new, save, search and sync with Ctrl (or Cmd)", () => {
    expect(shortcutOf(key("n", { ctrlKey: true }), false)).toBe("new");
    expect(shortcutOf(key("s", { ctrlKey: true }), true)).toBe("save");
    expect(shortcutOf(key("S", { metaKey: true }), true)).toBe("save");
    expect(shortcutOf(key("f", { ctrlKey: true }), true)).toBe("search");
    expect(shortcutOf(key("r", { ctrlKey: true }), false)).toBe("sync");
    expect(shortcutOf(key("F5"), true)).toBe("sync");
  });

  it("takes / as search only when not typing", () => {
    expect(shortcutOf(key("/"), false)).toBe("search");
    expect(shortcutOf(key("/"), true)).toBeNull();
  });

  it("leaves plain letters and other combinations alone", () => {
    expect(shortcutOf(key("s"), false)).toBeNull();
    expect(shortcutOf(key("s", { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutOf(key("s", { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutOf(key("c", { ctrlKey: true }), true)).toBeNull();
  });
});

describe("runShortcut and installShortcuts", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  function screenWith(html: string): HTMLElement {
    const main = document.createElement("main");
    main.innerHTML = html;
    document.body.append(main);
    return main;
  }

  it("presses the screen's new button, skipping a disabled one", () => {
    const main = screenWith(
      `<button data-shortcut="new" disabled>uit</button><button data-shortcut="new" id="nieuw">Nieuw</button>`,
    );
    const clicked = vi.fn();
    main.querySelector("#nieuw")!.addEventListener("click", clicked);
    expect(runShortcut("new", main, () => undefined)).toBe(true);
    expect(clicked).toHaveBeenCalledOnce();
  });

  it("saves the focused form before the marked one", () => {
    const main = screenWith(
      `<form data-shortcut="save" id="a"><input id="in-a"></form><form id="b"><input id="in-b"></form>`,
    );
    const submitted: string[] = [];
    main.addEventListener("submit", (e) => {
      e.preventDefault();
      submitted.push((e.target as HTMLFormElement).id);
    });
    (main.querySelector("#in-b") as HTMLInputElement).focus();
    runShortcut("save", main, () => undefined);
    (document.activeElement as HTMLElement).blur();
    runShortcut("save", main, () => undefined);
    expect(submitted).toEqual(["b", "a"]);
  });

  it("focuses the search field, and says so when a screen has none", () => {
    const main = screenWith(`<input data-shortcut="search" id="zoek">`);
    expect(runShortcut("search", main, () => undefined)).toBe(true);
    expect(document.activeElement?.id).toBe("zoek");
    expect(runShortcut("search", screenWith(""), () => undefined)).toBe(false);
  });

  it("syncs on Ctrl+R and F5 from the window, and keeps the window from reloading", () => {
    const main = screenWith("");
    const sync = vi.fn();
    const stop = installShortcuts(window, () => main, sync);
    const f5 = new KeyboardEvent("keydown", { key: "F5", cancelable: true });
    window.dispatchEvent(f5);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "r", ctrlKey: true, cancelable: true }));
    expect(sync).toHaveBeenCalledTimes(2);
    expect(f5.defaultPrevented).toBe(true);
    stop();
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "F5", cancelable: true }));
    expect(sync).toHaveBeenCalledTimes(2);
  });
});
