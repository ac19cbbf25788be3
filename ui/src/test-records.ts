// Records for component tests: a contact person with only a name, and a
// record as the core hands it to the window (synced, nothing pending).

import type { LocalRecordOf, RecordOf } from "./lib/ipc";

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
