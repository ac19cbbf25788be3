import { describe, expect, it } from "vitest";
import { tabAfterKey } from "./tabs";

const TABS = ["gegevens", "aanbod", "contactpersonen"] as const;

describe("tabAfterKey", () => {
  it("moves right and left, wrapping at the ends", () => {
    expect(tabAfterKey(TABS, "gegevens", "ArrowRight")).toBe("aanbod");
    expect(tabAfterKey(TABS, "contactpersonen", "ArrowRight")).toBe("gegevens");
    expect(tabAfterKey(TABS, "aanbod", "ArrowLeft")).toBe("gegevens");
    expect(tabAfterKey(TABS, "gegevens", "ArrowLeft")).toBe("contactpersonen");
  });

  it("goes to the first and last with Home and End", () => {
    expect(tabAfterKey(TABS, "aanbod", "Home")).toBe("gegevens");
    expect(tabAfterKey(TABS, "aanbod", "End")).toBe("contactpersonen");
  });

  it("leaves other keys alone", () => {
    expect(tabAfterKey(TABS, "aanbod", "ArrowDown")).toBeNull();
    expect(tabAfterKey(TABS, "aanbod", "Enter")).toBeNull();
  });
});
