// A new record of an organisation, made from what a "new …" form filled in:
// the client makes its UUIDv7 id (nothing changes identity on upload), and
// the fields left empty are `null` (`false` for a yes/no field).

import { commands, type RecordKind } from "./ipc";
import type { FieldDef } from "./recordFields";
import { uuidv7 } from "./uuid";

/**
 * Creates the record through `create_record` and returns its id. `extra`
 * holds the values of fields the form does not show (e.g. `photo_url`).
 */
export async function createFromForm(
  kind: RecordKind,
  organizationId: string,
  fields: FieldDef[],
  changes: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uuidv7();
  const blank = Object.fromEntries(fields.map((f) => [f.key, f.kind === "checkbox" ? false : null]));
  await commands.createRecord({
    kind,
    ...blank,
    assured_date: null,
    ...extra,
    ...changes,
    name: String(changes.name ?? ""),
    id,
    organization_id: organizationId,
  } as never);
  return id;
}
