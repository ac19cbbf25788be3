// The names of the records a list is about (conflicts, refused edits), for
// showing beside them.

import { commands, type RecordKind } from "./ipc";
import { recordName } from "./records";

/** Record id → its name or title; a record gone on this side has none. */
export async function recordTitles(items: { kind: RecordKind; record_id: string }[]): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const item of items) {
    try {
      found[item.record_id] = recordName((await commands.record(item.kind, item.record_id)).record);
    } catch {
      /* deleted on one side: no title */
    }
  }
  return found;
}
