import { describe, expect, it } from "vitest";
import { readableValue } from "./readableValue";

describe("readableValue", () => {
  it("plain values read as one line", () => {
    expect(readableValue(null)).toEqual({ lines: ["(leeg)"], list: false });
    expect(readableValue(true).lines).toEqual(["ja"]);
    expect(readableValue(1499).lines).toEqual(["1.499"]);
    expect(readableValue("071 516 1250").lines).toEqual(["071 516 1250"]);
  });

  it("websites, ids and maps read as one line per item", () => {
    expect(readableValue([{ name: "Sociale kaart Leiden", url: "https://leiden.example" }])).toEqual({
      lines: ["Sociale kaart Leiden (https://leiden.example)"],
      list: true,
    });
    expect(readableValue(["id-1", "id-2"], { "id-1": "Anna" }).lines).toEqual(["Anna", "id-2"]);
    expect(readableValue({ dieet: "halal", aantal: 2, komt: true }).lines).toEqual([
      "dieet: halal",
      "aantal: 2",
      "komt: ja",
    ]);
    expect(readableValue([]).lines).toEqual(["(geen)"]);
  });

  it("an unknown list of objects never reads as JSON", () => {
    const lines = readableValue([{ name: "Anna", phone: "06 1", tags: ["a", "b"], nested: { x: 1 } }]).lines;
    expect(lines).toEqual(["Anna — phone: 06 1 — tags: a, b — nested: x: 1"]);
    expect(lines.join()).not.toMatch(/object Object|[{}"]/);
  });
});
