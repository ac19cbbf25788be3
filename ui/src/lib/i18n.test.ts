// The two catalogues must say the same things: every key in both languages
// (svelte-check fails on a Dutch key without English through the typed
// assignment below; this test fails on either side), with the same
// parameters, and no empty text.

import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import nl from "../../messages/nl.json";
import { describeError } from "./errors";
import { counted, formatDate, formatNumber } from "./format";
import { language, useLanguage } from "./i18n.svelte";
import { m } from "./paraglide/messages";

// Type level: English has every Dutch key (`npm run check` fails otherwise).
const englishHasEveryKey: Record<keyof typeof nl, unknown> = en;

type Catalogue = Record<string, unknown>;

/** The texts of an entry: a string, or the variants of a plural. */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap((v) => Object.values((v as { match: Record<string, string> }).match));
  return [];
}

/** The `{parameters}` an entry uses. */
function params(value: unknown): string[] {
  return [...new Set(texts(value).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((p) => p[1])))].sort();
}

const keys = (c: Catalogue) => Object.keys(c).filter((k) => k !== "$schema");

describe("the catalogues", () => {
  it("have the same keys in Dutch and English", () => {
    expect(Object.keys(englishHasEveryKey).length).toBeGreaterThan(0);
    expect(keys(en as Catalogue).sort()).toEqual(keys(nl as Catalogue).sort());
  });

  it("use the same parameters in both languages and leave no text empty", () => {
    for (const key of keys(nl as Catalogue)) {
      const dutch = (nl as Catalogue)[key];
      const english = (en as Catalogue)[key];
      expect(params(english), key).toEqual(params(dutch));
      for (const text of [...texts(dutch), ...texts(english)]) expect(text.trim(), key).not.toBe("");
    }
  });

  it("speak the chosen language, plurals included", () => {
    expect(language()).toBe("nl");
    expect(counted(m.settings_wipe_pending, 1)).toBe("Let op: 1 wijziging is nog niet verstuurd en gaat verloren.");
    expect(counted(m.settings_wipe_pending, 3)).toBe("Let op: 3 wijzigingen zijn nog niet verstuurd en gaan verloren.");
    useLanguage("en");
    expect(counted(m.settings_wipe_pending, 1)).toBe("Please note: 1 change has not been sent yet and will be lost.");
    expect(counted(m.settings_wipe_pending, 3)).toBe("Please note: 3 changes have not been sent yet and will be lost.");
  });

  it("format dates and numbers for the chosen language", () => {
    expect(formatNumber(1499)).toBe("1.499");
    expect(formatDate("2026-11-29")).toBe("29 november 2026");
    expect(counted(m.count_waiting, 1499)).toBe("1.499 wijzigingen wachten");
    useLanguage("en");
    expect(formatNumber(1499)).toBe("1,499");
    expect(formatDate("2026-11-29")).toBe("29 November 2026");
    expect(formatDate(null)).toBe("never");
    expect(counted(m.count_waiting, 1)).toBe("1 change waiting");
  });
});

describe("errors from Rust", () => {
  it("are worded from their reason in the chosen language, with their parameters", () => {
    const error = {
      code: "invalid_input" as const,
      reason: { kind: "field_not_editable" as const, field: "name" },
      message: "Het veld 'name' kan niet worden gewijzigd.",
    };
    expect(describeError(error)).toEqual({
      title: "Niet alle gegevens zijn juist ingevuld.",
      detail: "Het veld 'name' kan niet worden gewijzigd.",
    });
    useLanguage("en");
    expect(describeError(error)).toEqual({
      title: "Not everything has been filled in correctly.",
      detail: "The field 'name' cannot be changed.",
    });
    const unsaved = { code: "internal" as const, reason: { kind: "export_not_saved" as const, cause: "no_folder" as const }, message: "" };
    expect(describeError(unsaved).detail).toBe(
      "The export file could not be saved. That folder does not exist. Choose another folder; nothing has changed.",
    );
  });

  it("keep the Dutch wording of a validation rule in Dutch, and say the rule in English", () => {
    const error = {
      code: "invalid_input" as const,
      reason: { kind: "field_rule" as const, rule: "invalid_postcode", params: {} },
      message: "Vul een postcode in als 1234 AB.",
      field: "visiting_postcode",
    };
    expect(describeError(error).detail).toBe("Vul een postcode in als 1234 AB.");
    useLanguage("en");
    expect(describeError(error).detail).toBe("Enter a postcode as 1234 AB.");
    // A rule without an English sentence of its own keeps its Dutch details.
    const key = { ...error, reason: { kind: "field_rule" as const, rule: "invalid_key", params: {} }, message: "Een sleutel bestaat uit 1 tot 64 kleine letters, cijfers of _." };
    expect(describeError(key).detail).toBe("Een sleutel bestaat uit 1 tot 64 kleine letters, cijfers of _.");
  });

  it("word a rule's details (a limit, a question) in English from the parameters Rust sends", () => {
    const long = {
      code: "invalid_input" as const,
      reason: { kind: "field_rule" as const, rule: "too_long", params: { max: "4000" } },
      message: "Gebruik hoogstens 4000 tekens.",
      field: "description",
    };
    expect(describeError(long).detail).toBe("Gebruik hoogstens 4000 tekens.");
    useLanguage("en");
    expect(describeError(long).detail).toBe("Use at most 4,000 characters.");
    const question = { ...long, reason: { kind: "field_rule" as const, rule: "required", params: { label: "Dieetwensen" } }, message: "Vul “Dieetwensen” in." };
    expect(describeError(question).detail).toBe("Please fill in “Dieetwensen”.");
    const tick = { ...long, reason: { kind: "field_rule" as const, rule: "required", params: { label: "Akkoord", check: "true" } }, message: "Vink “Akkoord” aan." };
    expect(describeError(tick).detail).toBe("Please tick “Akkoord”.");
    // Without details the rule's plain sentence.
    const plain = { ...long, reason: { kind: "field_rule" as const, rule: "required", params: {} }, message: "Dit veld is verplicht." };
    expect(describeError(plain).detail).toBe("This field is required.");
  });
});
