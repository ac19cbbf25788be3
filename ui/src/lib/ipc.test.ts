import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { call, isAppError, toAppError } from "./ipc";

describe("ipc", () => {
  it("passes an AppError from Rust through unchanged", async () => {
    mockIPC(() => {
      throw { code: "not_found", reason: { kind: "not_found" }, message: "weg" };
    });
    await expect(call("anything")).rejects.toEqual({ code: "not_found", reason: { kind: "not_found" }, message: "weg" });
    // Every broken field of a refused save comes along.
    const fields = [{ field: "answers.naam", code: "required", message: "Vul “Naam” in.", params: { label: "Naam" } }];
    const refused = { code: "invalid_input", reason: { kind: "field_rule", rule: "required", params: {} }, message: "Vul “Naam” in.", field: "answers.naam", fields };
    mockIPC(() => {
      throw refused;
    });
    await expect(call("anything")).rejects.toEqual(refused);
    // One without a reason (not from this version's Rust) is shown as it is.
    expect(toAppError({ code: "not_found", message: "weg" })).toEqual({
      code: "not_found",
      reason: { kind: "unworded" },
      message: "weg",
    });
  });

  it("turns anything else into an internal AppError", async () => {
    mockIPC(() => {
      throw "kapot";
    });
    await expect(call("anything")).rejects.toEqual({ code: "internal", reason: { kind: "unworded" }, message: "kapot" });
    expect(toAppError(new Error("stuk"))).toEqual({ code: "internal", reason: { kind: "unworded" }, message: "stuk" });
    expect(isAppError({ code: "bestaat_niet", message: "x" })).toBe(false);
  });
});
