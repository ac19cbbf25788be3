// The one door from the window to Rust. Every command the UI uses has a typed
// function here; a rejected call always rejects with an `AppError`
// (`{ code, message }`, generated from the Rust types), never a bare string,
// so screens switch on `code` and never match on message text.

import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { AppInfo } from "./bindings/AppInfo";
import type { ErrorCode } from "./bindings/ErrorCode";

export type { AppError, AppInfo, ErrorCode };

const CODES: readonly ErrorCode[] = [
  "invalid_input",
  "not_signed_in",
  "offline",
  "keyring",
  "store",
  "not_found",
  "internal",
];

/** True when `value` has the shape of an `AppError` with a known code. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string"
  );
}

/** Whatever a rejected `invoke` produced, as an `AppError`. */
export function toAppError(reason: unknown): AppError {
  if (isAppError(reason)) return { code: reason.code, message: reason.message };
  const message =
    reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "";
  return { code: "internal", message };
}

/** Calls a Rust command; rejects with an `AppError`. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

/** The commands of `src-tauri/src/commands.rs`, typed. */
export const commands = {
  appInfo: (): Promise<AppInfo> => call<AppInfo>("app_info"),
};
