import { describe, expect, it } from "vitest";
import { MAX_KEY, slugOf, uniqueKey } from "./formKeys";

describe("form field keys", () => {
  it("are lowercase ascii, digits and _ made from the label", () => {
    expect(slugOf("Naam")).toBe("naam");
    expect(slugOf("Dieetwensen / allergieën")).toBe("dieetwensen_allergieen");
    expect(slugOf("  Óverkant café 2026! ")).toBe("overkant_cafe_2026");
    expect(slugOf("Straße")).toBe("strasse");
    expect(slugOf("???")).toBe("veld");
  });

  it("are at most 64 characters, also when made unique", () => {
    const long = "x".repeat(100);
    expect(slugOf(long)).toHaveLength(MAX_KEY);
    const second = uniqueKey(long, [slugOf(long)]);
    expect(second).toHaveLength(MAX_KEY);
    expect(second.endsWith("_2")).toBe(true);
  });

  it("are unique within the form", () => {
    expect(uniqueKey("Naam", [])).toBe("naam");
    expect(uniqueKey("Naam", ["naam"])).toBe("naam_2");
    expect(uniqueKey("Naam", ["naam", "naam_2"])).toBe("naam_3");
  });
});
