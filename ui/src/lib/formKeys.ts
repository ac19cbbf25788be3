// The keys of a sign-up form's fields. Answers are stored under a field's key,
// so a key is made from the label once (when the field gets its first label)
// and then never follows the label again: renaming "Naam" to "Volledige naam"
// keeps the answers already given. The shape is the one Rust accepts
// (`kaart_api::validate::validate_form`): 1 to 64 of a–z, 0–9 and `_`, unique
// within the form.

export const MAX_KEY = 64;

/** "Dieetwensen / allergieën" → "dieetwensen_allergieen". */
export function slugOf(label: string): string {
  const ascii = label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .replace(/[æ]/gi, "ae")
    .replace(/[ø]/gi, "o")
    .toLowerCase();
  const slug = ascii
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX_KEY)
    .replace(/_+$/, "");
  return slug === "" ? "veld" : slug;
}

/** A key for `label` that none of `taken` has: "naam", "naam_2", … */
export function uniqueKey(label: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = slugOf(label);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_KEY - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
