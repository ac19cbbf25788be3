// The names of the records a list is about (conflicts, refused edits), for
// showing beside them.

import { commands, type RecordKind } from "./ipc";

/** Record id → its name or title; a record gone on this side has none. */
export async function recordTitles(items: { kind: RecordKind; record_id: string }[]): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const item of items) {
    try {
      const r = (await commands.record(item.kind, item.record_id)).record as { name?: string; title?: string };
      found[item.record_id] = r.name ?? r.title ?? "";
    } catch {
      /* deleted on one side: no title */
    }
  }
  return found;
}
