// Records for component tests: a contact person with only a name, a record
// as the core hands it to the window (synced, nothing pending), and the
// core's answers about a set of records (pages, counts, one record).

import type { LocalRecord, LocalRecordOf, RecordOf } from "./lib/ipc";
import type { RecordQuery } from "./lib/bindings/RecordQuery";
import { mockRecordCounts, mockRecordPage } from "./mocks/screenRecordPages";

/** A contact person of `organization` with only `name` filled in. */
export function contactRecord(id: string, organization: string, name: string): RecordOf<"contact"> {
  return {
    kind: "contact",
    id,
    organization_id: organization,
    name,
    title: null,
    email: null,
    phone: null,
    reachability: null,
    photo_url: null,
    agb_code: null,
    street: null,
    postcode: null,
    city: null,
    assured_date: null,
  };
}

/** `record` at `version`, with no pending or refused edits and no conflicts. */
export function synced<R>(record: R, version = 1) {
  return { record, version, pending_edits: 0, rejected_edits: 0, conflicts: 0 };
}

/** A synced contact person (see `contactRecord`). */
export function syncedContact(id: string, organization: string, name: string, version = 1): LocalRecordOf<"contact"> {
  return synced(contactRecord(id, organization, name), version);
}

/**
 * Answers the commands that read an organisation's records (`record_page`,
 * `record_counts`, `record`) from `records`, as the core would; `undefined`
 * for any other command.
 */
export function answerFrom(records: LocalRecord[], cmd: string, payload: unknown): unknown {
  const args = (payload ?? {}) as Record<string, unknown>;
  if (cmd === "record_page") return mockRecordPage(args.query as RecordQuery, records);
  if (cmd === "record_counts") return mockRecordCounts(args.organization as string, records);
  if (cmd === "record") {
    const found = records.find((r) => r.record.id === args.id);
    if (!found) throw { code: "not_found", reason: { kind: "not_found" }, message: "Dit gegeven bestaat niet (meer)." };
    return found;
  }
  return undefined;
}

/**
 * jsdom lays nothing out: every element is 0×0, so a virtual list would show
 * no rows. Gives every element the size of a window (600 px high) for the
 * tests of one file; returns the function that takes it back.
 */
export function giveListsRoom(): () => void {
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetHeight");
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetWidth");
  Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 800 });
  return () => {
    if (height) Object.defineProperty(HTMLElement.prototype, "offsetHeight", height);
    if (width) Object.defineProperty(HTMLElement.prototype, "offsetWidth", width);
  };
}
