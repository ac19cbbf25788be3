// The one door from the window to Rust. Every command the UI uses has a typed
// function here; a rejected call always rejects with an `AppError`
// (`{ code, message }`, generated from the Rust types), never a bare string,
// so screens switch on `code` and never match on message text.

import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { listen, TauriEvent, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open as openDialog, save } from "@tauri-apps/plugin-dialog";
import type { ActivityPage } from "./bindings/ActivityPage";
import type { ActivityPeriod } from "./bindings/ActivityPeriod";
import type { ActivityQuery } from "./bindings/ActivityQuery";
import type { ActivityRow } from "./bindings/ActivityRow";
import type { ActivitySort } from "./bindings/ActivitySort";
import type { AnswerValue } from "./bindings/AnswerValue";
import type { AnyRecord } from "./bindings/AnyRecord";
import type { AppError } from "./bindings/AppError";
import type { AppInfo } from "./bindings/AppInfo";
import type { ConflictView } from "./bindings/ConflictView";
import type { DesktopSettings } from "./bindings/DesktopSettings";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ExportChoices } from "./bindings/ExportChoices";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportOptions } from "./bindings/ExportOptions";
import type { ExportProgress } from "./bindings/ExportProgress";
import { EXPORT_PROGRESS_EVENT, OPEN_SECTION_EVENT } from "./bindings/events";
import type { LocalRecord } from "./bindings/LocalRecord";
import type { ManagedOrganization } from "./bindings/ManagedOrganization";
import type { PersonCounts } from "./bindings/PersonCounts";
import type { PersonExportFormat } from "./bindings/PersonExportFormat";
import type { PersonFindings } from "./bindings/PersonFindings";
import type { PersonQuery } from "./bindings/PersonQuery";
import type { PersonRequest } from "./bindings/PersonRequest";
import type { PersonSelection } from "./bindings/PersonSelection";
import type { RecordKind } from "./bindings/RecordKind";
import type { PagedKind } from "./bindings/PagedKind";
import type { RecordCounts } from "./bindings/RecordCounts";
import type { RecordPage } from "./bindings/RecordPage";
import type { RecordQuery } from "./bindings/RecordQuery";
import type { RequestKind } from "./bindings/RequestKind";
import type { RejectedEdit } from "./bindings/RejectedEdit";
import type { ReminderCounts } from "./bindings/ReminderCounts";
import type { Resolution } from "./bindings/Resolution";
import type { ReviewCounts } from "./bindings/ReviewCounts";
import type { ReviewItem } from "./bindings/ReviewItem";
import type { SignupCounts } from "./bindings/SignupCounts";
import type { SignupPage } from "./bindings/SignupPage";
import type { SignupQuery } from "./bindings/SignupQuery";
import type { SignupRemovals } from "./bindings/SignupRemovals";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { UiLanguage } from "./bindings/UiLanguage";
import { m } from "./paraglide/messages";
import type { WindowSection } from "./bindings/WindowSection";
import { narrow, narrowAll, type LocalRecordOf } from "./records";

export type {
  ActivityPage,
  ActivityPeriod,
  ActivityQuery,
  ActivityRow,
  ActivitySort,
  AnyRecord,
  AppError,
  AppInfo,
  ConflictView,
  DesktopSettings,
  ErrorCode,
  ExportChoices,
  ExportFormat,
  ExportOptions,
  ExportProgress,
  LocalRecord,
  ManagedOrganization,
  PersonCounts,
  PersonExportFormat,
  PersonFindings,
  PersonQuery,
  PersonRequest,
  PersonSelection,
  RecordKind,
  PagedKind,
  RecordCounts,
  RecordQuery,
  RequestKind,
  RejectedEdit,
  ReminderCounts,
  Resolution,
  ReviewCounts,
  ReviewItem,
  SignupCounts,
  SignupQuery,
  SignupRemovals,
  SyncStatus,
  WindowSection,
};
export type { LocalRecordOf, RecordOf } from "./records";

/** One page of a sign-up list and the length of the whole list. */
export interface SignupRows {
  total: number;
  rows: LocalRecordOf<"signup">[];
}

/** One page of an organisation's offerings or contact persons and the length of the whole list. */
export interface RecordRows<K extends PagedKind> {
  total: number;
  rows: LocalRecordOf<K>[];
}

/** The values of fields to change, by field name (`null` clears one). */
export type FieldValues = Record<string, unknown>;

const CODES: readonly ErrorCode[] = [
  "invalid_input",
  "not_signed_in",
  "offline",
  "keyring",
  "store_key_lost",
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
  if (isAppError(reason)) {
    const known = typeof reason.reason === "object" && reason.reason !== null && typeof reason.reason.kind === "string";
    const error: AppError = {
      code: reason.code,
      reason: known ? reason.reason : { kind: "unworded" },
      message: reason.message,
    };
    if (typeof reason.field === "string") error.field = reason.field;
    // Every broken field of a refused save (CoreError::InvalidFields), for
    // the messages beside each field.
    if (Array.isArray(reason.fields)) error.fields = reason.fields;
    return error;
  }
  // Not from a command (Tauri itself): its text has no key.
  const message =
    reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "";
  return { code: "internal", reason: { kind: "unworded" }, message };
}

/** Calls a Rust command; rejects with an `AppError`. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

/**
 * The commands of `src-tauri/src/commands/`, typed. Argument names are the
 * Rust ones in camelCase (Tauri converts them); `src-tauri/tests/commands.rs`
 * fails when this list and the registered commands disagree. Records come
 * back narrowed to the kind asked for.
 */
export const commands = {
  appInfo: (): Promise<AppInfo> => call<AppInfo>("app_info"),
  uiLanguage: (): Promise<UiLanguage> => call("ui_language"),
  setUiLanguage: (language: UiLanguage): Promise<void> => call("set_ui_language", { language }),
  signIn: (username: string, password: string): Promise<void> =>
    call("sign_in", { username, password }),
  signOut: (wipeLocalData: boolean): Promise<void> => call("sign_out", { wipeLocalData }),
  setAsideLocalStore: (): Promise<void> => call("set_aside_local_store"),
  organizations: (): Promise<ManagedOrganization[]> => call("organizations"),
  records: <K extends RecordKind>(organization: string | null, kind: K): Promise<LocalRecordOf<K>[]> =>
    call<LocalRecord[]>("records", { organization, kind }).then((list) => narrowAll(list, kind)),
  record: <K extends RecordKind>(kind: K, id: string): Promise<LocalRecordOf<K>> =>
    call<LocalRecord>("record", { kind, id }).then((local) => narrow(local, kind)),
  createRecord: (record: AnyRecord): Promise<LocalRecord> => call("create_record", { record }),
  updateFields: <K extends RecordKind>(kind: K, id: string, fields: FieldValues): Promise<LocalRecordOf<K>> =>
    call<LocalRecord>("update_fields", { kind, id, fields }).then((local) => narrow(local, kind)),
  deleteRecord: (kind: RecordKind, id: string): Promise<void> =>
    call("delete_record", { kind, id }),
  markChecked: <K extends RecordKind>(kind: K, id: string): Promise<LocalRecordOf<K>> =>
    call<LocalRecord>("mark_checked", { kind, id }).then((local) => narrow(local, kind)),
  /** Sets a contact person's photo from an image file; refused with the reason when it is no photo. */
  setContactPhoto: (id: string, path: string): Promise<LocalRecordOf<"contact">> =>
    call<LocalRecord>("set_contact_photo", { id, path }).then((local) => narrow(local, "contact")),
  /** The JPEG a contact's `photo_url` names, when it is on this computer (else `not_found`). */
  contactPhoto: (photoUrl: string): Promise<ArrayBuffer> => call("contact_photo", { photoUrl }),
  /** Due and almost due (`almost_due`) for their periodic check. */
  dueForReview: (organization: string | null): Promise<ReviewItem[]> =>
    call("due_for_review", { organization }),
  reviewCounts: (organization: string | null): Promise<ReviewCounts> =>
    call("review_counts", { organization }),
  /** One page of an organisation's offerings or contact persons, by name (`search`: words in the name). */
  recordPage: <K extends PagedKind>(query: RecordQuery & { kind: K }): Promise<RecordRows<K>> =>
    call<RecordPage>("record_page", { query }).then((page) => ({
      total: page.total,
      rows: narrowAll(page.rows, query.kind),
    })),
  /** How many offerings and contact persons the organisation has (the tabs' counts). */
  recordCounts: (organization: string): Promise<RecordCounts> => call("record_counts", { organization }),
  /** One page of the activity list (slim rows; the open activity whole: `record`). */
  activityPage: (query: ActivityQuery): Promise<ActivityPage> => call("activity_page", { query }),
  signupPage: (query: SignupQuery): Promise<SignupRows> =>
    call<SignupPage>("signup_page", { query }).then((page) => ({
      total: page.total,
      rows: narrowAll(page.rows, "signup"),
    })),
  signupAnswerKeys: (activity: string): Promise<string[]> => call("signup_answer_keys", { activity }),
  signupRemovals: (organization: string): Promise<SignupRemovals> =>
    call("signup_removals", { organization }),
  deleteSignupsOf: (activity: string): Promise<number> => call("delete_signups_of", { activity }),
  /** The date (`YYYY-MM-DD`, Dutch) the activity's sign-ups leave this computer; `null` when it has none. */
  signupRetention: (activity: string): Promise<string | null> => call("signup_retention", { activity }),
  exportChoices: (organization: string): Promise<ExportChoices> => call("export_choices", { organization }),
  saveExportChoices: (organization: string, choices: ExportChoices): Promise<void> =>
    call("save_export_choices", { organization, choices }),
  /** Writes the sign-ups to `path`; resolves with the number of rows. */
  exportSignups: (activity: string, path: string, options: ExportOptions): Promise<number> =>
    call("export_signups", { activity, path, options }),
  exportOrganizationHsds: (organization: string, path: string): Promise<number> =>
    call("export_organization_hsds", { organization, path }),
  cancelExport: (): Promise<void> => call("cancel_export"),
  /** Everything about one person (at most 200 of each kind, with the totals). */
  findPerson: (query: PersonQuery): Promise<PersonFindings> => call("find_person", { query }),
  /** Writes the chosen findings to `path` as JSON or CSV. */
  exportPerson: (selection: PersonSelection, format: PersonExportFormat, path: string): Promise<PersonCounts> =>
    call("export_person", { selection, format, path }),
  /** Deletes the chosen findings here; they leave the service at the next sync. */
  erasePerson: (selection: PersonSelection): Promise<PersonCounts> => call("erase_person", { selection }),
  personRequests: (): Promise<PersonRequest[]> => call("person_requests"),
  /** `receivedOn` as `YYYY-MM-DD`. */
  addPersonRequest: (kind: RequestKind, receivedOn: string): Promise<PersonRequest> =>
    call("add_person_request", { kind, receivedOn }),
  handlePersonRequest: (id: number, counts: PersonCounts): Promise<PersonRequest> =>
    call("handle_person_request", { id, counts }),
  /** Replaces a sign-up's answers (a correction): refused with every broken answer (`answers.<key>`). */
  correctSignupAnswers: (id: string, answers: Record<string, AnswerValue>): Promise<LocalRecordOf<"signup">> =>
    call<LocalRecord>("correct_signup_answers", { id, answers }).then((local) => narrow(local, "signup")),
  syncNow: (): Promise<void> => call("sync_now"),
  syncStatus: (): Promise<SyncStatus> => call("sync_status"),
  conflicts: (): Promise<ConflictView[]> => call("conflicts"),
  resolveConflict: (conflictId: number, decision: Resolution): Promise<void> =>
    call("resolve_conflict", { conflictId, decision }),
  rejectedEdits: (): Promise<RejectedEdit[]> => call("rejected_edits"),
  discardEdit: (mutationId: string): Promise<void> => call("discard_edit", { mutationId }),
  /** What the tray shows: records due for their check, conflicts. */
  reminderCounts: (): Promise<ReminderCounts> => call("reminder_counts"),
  desktopSettings: (): Promise<DesktopSettings> => call("desktop_settings"),
  setDesktopSettings: (settings: DesktopSettings): Promise<void> =>
    call("set_desktop_settings", { settings }),
};

/**
 * The native save dialog (tauri-plugin-dialog; the window may only ask for a
 * save path). Resolves with the chosen path, or `null` when the manager
 * closed the dialog.
 */
export async function chooseExportPath(
  suggestedName: string,
  format: ExportFormat | "json",
  title = m.export_dialog_title(),
  jsonFilter = m.hsds_filter(),
): Promise<string | null> {
  const filter =
    format === "xlsx"
      ? { name: m.export_filter_xlsx(), extensions: ["xlsx"] }
      : format === "json"
        ? { name: jsonFilter, extensions: ["json"] }
        : { name: m.export_filter_csv(), extensions: ["csv"] };
  try {
    return await save({ title, defaultPath: suggestedName, filters: [filter] });
  } catch (reason) {
    throw toAppError(reason);
  }
}

/**
 * The native open dialog for a contact photo. The filter only helps the
 * manager find images: what is accepted is decided by the file's content.
 * Resolves with the chosen path, or `null` when the dialog was closed.
 */
export async function choosePhotoFile(): Promise<string | null> {
  try {
    const chosen = await openDialog({
      title: m.photo_dialog_title(),
      multiple: false,
      directory: false,
      filters: [{ name: m.photo_filter(), extensions: ["jpg", "jpeg", "png", "webp"] }],
    });
    return typeof chosen === "string" ? chosen : null;
  } catch (reason) {
    throw toAppError(reason);
  }
}

/** A file dropped on the window: its paths and where (CSS pixels in the window). */
export interface FileDrop {
  paths: string[];
  x: number;
  y: number;
}

/**
 * Calls `handler` when files are dropped on the window (Tauri's own
 * drag-and-drop, which gives paths). Resolves with a function that stops
 * listening (quietly also when the window is already gone).
 */
export async function onFileDrop(handler: (drop: FileDrop) => void): Promise<() => void> {
  const unlisten = await getCurrentWebview().listen<{ paths: string[]; position: { x: number; y: number } }>(
    TauriEvent.DRAG_DROP,
    (event) => {
      const scale = window.devicePixelRatio || 1;
      const { x, y } = event.payload.position;
      handler({ paths: event.payload.paths, x: x / scale, y: y / scale });
    },
  );
  return () => {
    Promise.resolve()
      .then(unlisten)
      .catch(() => {});
  };
}

/** Calls `handler` with each progress report of a running export. */
export function onExportProgress(handler: (progress: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>(EXPORT_PROGRESS_EVENT, (event) => handler(event.payload));
}

/** Calls `handler` with the section to open when a notification was clicked. */
export function onOpenSection(handler: (section: WindowSection) => void): Promise<UnlistenFn> {
  return listen<WindowSection>(OPEN_SECTION_EVENT, (event) => handler(event.payload));
}
