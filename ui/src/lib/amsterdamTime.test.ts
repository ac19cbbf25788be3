import { describe, expect, it } from "vitest";
import { formatMomentLong, fromWallTime, toWallTime, WallTimeError } from "./amsterdamTime";

describe("Amsterdam wall time ↔ UTC", () => {
  it("winter time is UTC+1, summer time UTC+2", () => {
    expect(fromWallTime({ date: "2026-01-15", time: "14:30" })).toBe("2026-01-15T13:30:00Z");
    expect(fromWallTime({ date: "2026-07-15", time: "14:30" })).toBe("2026-07-15T12:30:00Z");
    expect(toWallTime("2026-01-15T13:30:00Z")).toEqual({ date: "15-01-2026", time: "14:30" });
    expect(toWallTime("2026-07-15T12:30:00Z")).toEqual({ date: "15-07-2026", time: "14:30" });
  });

  it("around the change to summer time (29 March 2026, 02:00 → 03:00)", () => {
    expect(fromWallTime({ date: "2026-03-29", time: "01:59" })).toBe("2026-03-29T00:59:00Z");
    expect(fromWallTime({ date: "2026-03-29", time: "03:00" })).toBe("2026-03-29T01:00:00Z");
    expect(() => fromWallTime({ date: "2026-03-29", time: "02:30" })).toThrow(WallTimeError);
    expect(() => fromWallTime({ date: "2026-03-29", time: "02:30" })).toThrow(/zomertijd/);
    expect(toWallTime("2026-03-29T00:59:00Z")).toEqual({ date: "29-03-2026", time: "01:59" });
    expect(toWallTime("2026-03-29T01:00:00Z")).toEqual({ date: "29-03-2026", time: "03:00" });
  });

  it("around the change to winter time (25 October 2026, 03:00 → 02:00)", () => {
    // 02:30 happens twice; the first (summer-time) one is meant.
    expect(fromWallTime({ date: "2026-10-25", time: "02:30" })).toBe("2026-10-25T00:30:00Z");
    expect(fromWallTime({ date: "2026-10-25", time: "03:30" })).toBe("2026-10-25T02:30:00Z");
    expect(fromWallTime({ date: "2026-10-24", time: "23:00" })).toBe("2026-10-24T21:00:00Z");
    expect(toWallTime("2026-10-25T00:30:00Z")).toEqual({ date: "25-10-2026", time: "02:30" });
    expect(toWallTime("2026-10-25T01:30:00Z")).toEqual({ date: "25-10-2026", time: "02:30" });
    expect(toWallTime("2026-10-25T02:30:00Z")).toEqual({ date: "25-10-2026", time: "03:30" });
  });

  it("every moment of the week around the change to summer time survives the round trip", () => {
    for (let h = 0; h < 24 * 7; h++) {
      const iso = new Date(Date.UTC(2026, 2, 26, h)).toISOString().replace(".000Z", "Z");
      const wall = toWallTime(iso);
      const back = fromWallTime(wall);
      expect(back).toBe(iso);
    }
  });

  it("reads dates as Dutch people type them", () => {
    const moment = "2026-11-29T20:20:00Z";
    for (const date of ["29-11-2026", "29-11-2026 ", "29/11/2026", "29.11.2026", "2026-11-29"]) {
      expect(fromWallTime({ date, time: "21:20" })).toBe(moment);
    }
    expect(fromWallTime({ date: "1-3-2026", time: "9.05" })).toBe("2026-03-01T08:05:00Z");
    expect(() => fromWallTime({ date: "11/29/2026", time: "21:20" })).toThrow("Deze datum bestaat niet.");
    expect(() => fromWallTime({ date: "morgen", time: "21:20" })).toThrow(/dag-maand-jaar/);
  });

  it("refuses dates and times that do not exist, in Dutch", () => {
    expect(() => fromWallTime({ date: "30-02-2026", time: "10:00" })).toThrow("Deze datum bestaat niet.");
    expect(() => fromWallTime({ date: "", time: "10:00" })).toThrow("Vul een datum in.");
    expect(() => fromWallTime({ date: "2026-02-03", time: "" })).toThrow(/Vul een tijd in/);
    expect(() => fromWallTime({ date: "2026-02-03", time: "24:10" })).toThrow(/bestaat niet/);
  });

  it("reads in Dutch, in Dutch time", () => {
    expect(formatMomentLong("2026-11-29T20:20:00Z")).toBe("zondag 29 november 2026 om 21:20");
  });
});
