// Mocked IPC for the screen build (`vite build --mode screen`), used by the
// Playwright screen tests. Answers every command with the demo-like data of
// `screenData.ts`. `?scenario=offline` makes every command fail with the
// `offline` error so error screens can be photographed too;
// `?scenario=signin` is an external service that is not signed in yet
// (`demo` / `demo` signs in; any other password is refused); after
// `sync_now` the status says the waiting edit went out;
// `?scenario=keyring` a lost store key at start. Every registered command
// has a case here (`src-tauri/tests/commands.rs` checks that); an edit of
// fields is kept in the page's copy of the records (until a reload), other
// edits answer as if they were saved but change nothing. The save dialog of the export
// (`plugin:dialog|save`) answers a path in the suggested name; the export
// answers the number of sign-ups the list shows and writes nothing. The
// window's language is kept in the page's `localStorage` (a reload is the
// screen build's restart); `?lang=en` starts in English. The language is
// answered in `?scenario=offline` too: Rust keeps it on this computer.

import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { AppError } from "../lib/bindings/AppError";
import type { AppInfo } from "../lib/bindings/AppInfo";
import type { LocalRecord } from "../lib/bindings/LocalRecord";
import { organizationIdOf } from "../lib/records";
import { CONFLICTS, ORGANIZATIONS, RECORDS, REJECTED, STATUS, dueItems, reviewCounts } from "./screenData";
import { BIG_RECORD, mockActivityPage, mockAnswerKeys, mockSignupPage } from "./screenSignups";
import type { ActivityQuery } from "../lib/bindings/ActivityQuery";
import type { SignupQuery } from "../lib/bindings/SignupQuery";
import type { ExportOptions } from "../lib/bindings/ExportOptions";
import type { PersonQuery } from "../lib/bindings/PersonQuery";
import type { PersonSelection } from "../lib/bindings/PersonSelection";
import { PERSON_REQUESTS, mockCorrectSignup, mockFindPerson } from "./screenPersons";
import type { AnswerValue } from "../lib/bindings/AnswerValue";
import type { RecordQuery } from "../lib/bindings/RecordQuery";
import { mockRecordCounts, mockRecordPage } from "./screenRecordPages";

export const SCREEN_APP_INFO: AppInfo = {
  version: "0.1.0-screen",
  demo: true,
  service_url: "http://127.0.0.1:8080",
  data_dir: "/home/demo/.local/share/nl.kaartbeheer.app",
  startup_error: null,
};

type Args = Record<string, unknown>;

const LANGUAGE_KEY = "kaartbeheer-screen-language";

function recordsOf(args: Args): LocalRecord[] {
  return RECORDS.filter(
    (r) =>
      r.record.kind === args.kind && (args.organization === null || organizationIdOf(r.record) === args.organization),
  );
}

const NOT_FOUND: AppError = { code: "not_found", reason: { kind: "not_found" }, message: "Dit gegeven bestaat niet (meer)." };

function recordById(args: Args): LocalRecord {
  const found = RECORDS.find((r) => r.record.id === args.id);
  if (!found) throw NOT_FOUND;
  return found;
}

/** Applies an edit to the page's copy of the records. */
function updateRecord(args: Args): LocalRecord {
  const found = recordById(args);
  Object.assign(found.record, args.fields as Args);
  found.pending_edits += 1;
  return found;
}

export function installScreenMocks(params: URLSearchParams): void {
  const scenario = params.get("scenario") ?? "normal";
  /** `?scenario=signin`: signed in with demo / demo. */
  let signedIn = false;
  /** After `sync_now`: the edit waiting went out at this time. */
  let syncedAt: string | null = null;
  mockWindows("main");
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Args;
      const local = cmd.startsWith("plugin:") || cmd === "ui_language" || cmd === "set_ui_language";
      if (scenario === "offline" && !local) {
        const error: AppError = {
          code: "offline",
          reason: { kind: "service_unreachable" },
          message: "De centrale dienst is niet bereikbaar. Je kunt gewoon doorwerken; wijzigingen gaan later mee.",
        };
        throw error;
      }
      switch (cmd) {
        case "ui_language":
          return params.get("lang") ?? localStorage.getItem(LANGUAGE_KEY) ?? "nl";
        case "set_ui_language":
          localStorage.setItem(LANGUAGE_KEY, String(args.language));
          return null;
        case "app_info":
          if (scenario === "keyring")
            return {
              ...SCREEN_APP_INFO,
              startup_error: {
                code: "store_key_lost",
                reason: { kind: "store_key_missing" },
                message: "De sleutel van de lokale gegevens ontbreekt in de sleutelbos. De bestaande gegevens zijn niet aangeraakt.",
              },
            };
          if (scenario === "signin") return { ...SCREEN_APP_INFO, demo: false };
          return SCREEN_APP_INFO;
        case "sync_status":
          if (scenario === "signin" && !signedIn) return { ...STATUS, connectivity: "signed_out" };
          return syncedAt ? { ...STATUS, pending_edits: 0, last_synced_at: syncedAt } : STATUS;
        case "sign_in":
          if (args.username === "demo" && args.password === "demo") {
            signedIn = true;
            return null;
          }
          throw { code: "not_signed_in", reason: { kind: "wrong_credentials" }, message: "De gebruikersnaam of het wachtwoord klopt niet." } satisfies AppError;
        case "sign_out":
        case "set_aside_local_store":
          return null;
        case "organizations":
          return ORGANIZATIONS;
        case "records":
          return recordsOf(args);
        case "record":
          // "Open dag" with its 20,000 sign-ups lives beside RECORDS.
          if (args.id === BIG_RECORD.record.id) return BIG_RECORD;
          return recordById(args);
        case "mark_checked":
          return recordById(args);
        case "create_record":
          return { record: args.record, version: null, pending_edits: 1, rejected_edits: 0, conflicts: 0 };
        case "update_fields":
          if (typeof (args.fields as Args)?.visiting_postcode === "string")
            throw {
              code: "invalid_input",
              reason: { kind: "field_rule", rule: "invalid_postcode", params: {} },
              message: "Vul een postcode in als 1234 AB.",
              field: "visiting_postcode",
            } satisfies AppError;
          // Kept for this page's life, so a saved form shows what was saved.
          return updateRecord(args);
        case "set_contact_photo":
          // The screen build has no image decoder: every file is "not an image".
          throw {
            code: "invalid_input",
            reason: { kind: "photo_refused", cause: "not_an_image" },
            message: "Deze foto is niet gebruikt. Het bestand is geen afbeelding. Kies een JPEG-, PNG- of WebP-foto; er is niets veranderd.",
          } satisfies AppError;
        case "contact_photo":
          throw NOT_FOUND;
        case "due_for_review":
          return dueItems();
        case "review_counts":
          return reviewCounts();
        case "record_page":
          return mockRecordPage(args.query as RecordQuery);
        case "record_counts":
          return mockRecordCounts(args.organization as string);
        case "activity_page":
          return mockActivityPage(args.query as ActivityQuery);
        case "signup_page":
          return mockSignupPage(args.query as SignupQuery);
        case "signup_answer_keys":
          return mockAnswerKeys(args.activity as string);
        case "signup_removals":
          return { count: 3, since: "2026-11-02T09:00:00Z" };
        case "signup_retention":
          return "2026-12-24";
        case "delete_signups_of":
          return 0;
        case "export_choices":
          return { format: "csv", delimiter: "semicolon", bom: true, columns: [] };
        case "save_export_choices":
        case "cancel_export":
          return null;
        case "export_signups": {
          const options = args.options as ExportOptions;
          const scope = { of: "activity" as const, id: args.activity as string };
          return mockSignupPage({ ...options, scope, offset: 0, limit: 0 }).total;
        }
        case "export_organization_hsds":
          return 3;
        case "find_person":
          return mockFindPerson(args.query as PersonQuery);
        case "export_person":
        case "erase_person": {
          const selection = args.selection as PersonSelection;
          return { contacts: selection.contacts.length, signups: selection.signups.length };
        }
        case "person_requests":
          return PERSON_REQUESTS;
        case "add_person_request":
          return { ...PERSON_REQUESTS[0], kind: args.kind, received_on: args.receivedOn };
        case "correct_signup_answers":
          return mockCorrectSignup(args.id as string, args.answers as Record<string, AnswerValue>);
        case "handle_person_request":
          return { ...PERSON_REQUESTS[0], id: args.id, handled_on: "2026-11-24", counts: args.counts };
        case "reminder_counts":
          return {
            due_for_review: dueItems().length,
            conflicts: CONFLICTS.length,
            tray_text: `Kaartbeheer: ${dueItems().length} te controleren`,
          };
        case "desktop_settings":
          return { keep_in_tray: false, start_with_computer: false };
        case "set_desktop_settings":
          return null;
        case "plugin:dialog|save":
          return `/home/beheerder/Documenten/${(args.options as { defaultPath: string }).defaultPath}`;
        case "conflicts":
          return CONFLICTS;
        case "rejected_edits":
          return REJECTED;
        case "sync_now":
          syncedAt = new Date().toISOString();
          return null;
        case "delete_record":
        case "resolve_conflict":
        case "discard_edit":
          return null;
        default:
          throw { code: "internal", reason: { kind: "unworded" }, message: `onbekend commando: ${cmd}` } satisfies AppError;
      }
    },
    { shouldMockEvents: true },
  );
}
