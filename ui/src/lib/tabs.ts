// The keyboard of a tab list (WAI-ARIA Authoring Practices, "Tabs" with
// automatic activation): Left/Right move to the previous/next tab and wrap
// around, Home/End to the first/last. Only the selected tab is in the Tab
// order (roving tabindex); the markup (role=tablist/tab/tabpanel,
// aria-controls, aria-labelledby) is the component's, this is the one rule
// for where a key goes, kept apart so it is tested without a window.

/** The tab a key moves to from `current`, or null when the key is not a tab-list key. */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  const at = tabs.indexOf(current);
  if (tabs.length === 0 || at < 0) return null;
  switch (key) {
    case "ArrowRight":
      return tabs[(at + 1) % tabs.length];
    case "ArrowLeft":
      return tabs[(at - 1 + tabs.length) % tabs.length];
    case "Home":
      return tabs[0];
    case "End":
      return tabs[tabs.length - 1];
    default:
      return null;
  }
}
