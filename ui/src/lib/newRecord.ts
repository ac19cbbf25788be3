// A new record of an organisation, made from what a "new …" form filled in:
// the client makes its UUIDv7 id (nothing changes identity on upload), and
// every field the form left empty or does not show gets its empty value from
// the field catalog (`null`, `false` for a yes/no field, `[]` for a list).
// The result is checked against the catalog before it goes to Rust.

import { m } from "./paraglide/messages";
import type { FieldInfo } from "./bindings/FieldInfo";
import { commands, type AppError } from "./ipc";
import { CATALOG, isAnyRecord } from "./records";
import { uuidv7 } from "./uuid";

/** The kinds a "new …" form below an organisation makes. */
export type OrganizationPartKind = "offering" | "contact";

function emptyValue(field: FieldInfo): unknown {
  switch (field.value) {
    case "bool":
      return false;
    case "list":
      return [];
    case "map":
      return {};
    default:
      // A required text (a name) left empty is refused by Rust beside its field.
      return field.optional ? null : "";
  }
}

/** Creates the record through `create_record` and returns its id. */
export async function createFromForm(
  kind: OrganizationPartKind,
  organizationId: string,
  changes: Record<string, unknown>,
): Promise<string> {
  const id = uuidv7();
  const candidate: Record<string, unknown> = { kind };
  for (const field of CATALOG[kind].fields) candidate[field.name] = emptyValue(field);
  Object.assign(candidate, changes, { id, organization_id: organizationId });
  if (!isAnyRecord(candidate)) {
    const error: AppError = { code: "internal", reason: { kind: "unworded" }, message: m.new_record_incomplete() };
    throw error;
  }
  await commands.createRecord(candidate);
  return id;
}
