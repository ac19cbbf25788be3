import { describe, expect, it } from "vitest";
import type { SyncStatus } from "./ipc";
import { syncStatus } from "./syncStatus.svelte";

const BASE: SyncStatus = {
  connectivity: "online",
  syncing: null,
  last_synced_at: null,
  pending_edits: 0,
  rejected_edits: 0,
  conflicts: 0,
};

describe("live sync status", () => {
  it("asks sections to reload on the first status, a finished sync and new conflicts", () => {
    const start = syncStatus.revision;
    syncStatus.apply(BASE);
    expect(syncStatus.revision).toBe(start + 1);
    syncStatus.apply({ ...BASE, syncing: { phase: "receiving", done: 3, total: null } });
    syncStatus.apply({ ...BASE, syncing: { phase: "receiving", done: 9, total: null } });
    expect(syncStatus.revision).toBe(start + 1);
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-22T07:00:00Z" });
    expect(syncStatus.revision).toBe(start + 2);
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-22T07:00:00Z", conflicts: 1 });
    expect(syncStatus.revision).toBe(start + 3);
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-22T07:00:00Z", conflicts: 1, pending_edits: 4 });
    expect(syncStatus.revision).toBe(start + 3);
  });
});
