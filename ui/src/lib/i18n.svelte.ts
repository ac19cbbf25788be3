// The window's language: Dutch by default, English when the manager chose
// it in Instellingen. Every word the window shows comes from the message
// catalogue (`ui/messages/nl.json`, `ui/messages/en.json`), compiled by
// Paraglide JS into one typed function per key (`./paraglide/messages`,
// generated at build, check and test time; not committed). Paraglide's own
// locale is bound to a Svelte `$state` here, so a template that calls a
// message re-renders when the language changes: no reload, no key blocks.
//
// The choice is kept by the core (`ui_language` / `set_ui_language`, a small
// file in the app's data folder), so it is known before sign-in and also on
// the start-up error screen. `<html lang>` follows it.

import { commands } from "./ipc";
import type { UiLanguage } from "./bindings/UiLanguage";
import { baseLocale, overwriteGetLocale, overwriteSetLocale, type Locale } from "./paraglide/runtime";

export type { UiLanguage };

/** The languages the window speaks, in the order the choice lists them. */
export const LANGUAGES: readonly UiLanguage[] = ["nl", "en"];

/** The `Intl` locale for dates, times and numbers in each language. */
const INTL_LOCALE: Record<UiLanguage, string> = { nl: "nl-NL", en: "en-GB" };

let current = $state<Locale>(baseLocale);

overwriteGetLocale(() => current);
overwriteSetLocale((locale) => {
  current = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
});

/** The language the window speaks now (reactive). */
export function language(): UiLanguage {
  return current;
}

/** The `Intl` locale of the current language ("nl-NL", "en-GB"). */
export function intlLocale(): string {
  return INTL_LOCALE[current];
}

/** Switches the window's language at once, without keeping the choice (tests, start). */
export function useLanguage(next: UiLanguage): void {
  current = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

/** At start: the kept choice, or Dutch when Rust cannot say. */
export async function loadLanguage(): Promise<void> {
  try {
    useLanguage(await commands.uiLanguage());
  } catch {
    useLanguage(baseLocale);
  }
}

/** The manager's choice: switch now and keep it for the next start. */
export async function chooseLanguage(next: UiLanguage): Promise<void> {
  useLanguage(next);
  await commands.setUiLanguage(next);
}
