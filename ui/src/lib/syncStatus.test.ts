import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SYNC_STATUS_EVENT } from "./bindings/events";
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
    syncStatus.apply({ ...BASE, syncing: { phase: "sending", done: 3, total: 9 } });
    syncStatus.apply({ ...BASE, syncing: { phase: "sending", done: 9, total: 9 } });
    syncStatus.apply({ ...BASE, syncing: { phase: "receiving", done: 0, total: null } });
    expect(syncStatus.revision).toBe(start + 1);
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-22T07:00:00Z" });
    expect(syncStatus.revision).toBe(start + 2);
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-22T07:00:00Z", conflicts: 1 });
    expect(syncStatus.revision).toBe(start + 3);
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-22T07:00:00Z", conflicts: 1, pending_edits: 4 });
    expect(syncStatus.revision).toBe(start + 3);
  });
});

describe("live sync status while a sync receives", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks sections to reload when a page was stored, at most once a second, and when the sync ends", () => {
    vi.useFakeTimers();
    const receiving = (done: number): SyncStatus => ({ ...BASE, syncing: { phase: "receiving", done, total: null } });
    syncStatus.apply(BASE);
    const start = syncStatus.revision;
    // The first stored page shows at once: it holds the organisation.
    syncStatus.apply(receiving(5_000));
    expect(syncStatus.revision).toBe(start + 1);
    // The next pages within the second do not reload again...
    vi.advanceTimersByTime(400);
    syncStatus.apply(receiving(10_000));
    vi.advanceTimersByTime(400);
    syncStatus.apply(receiving(15_000));
    expect(syncStatus.revision).toBe(start + 1);
    // ...the first after it does; the same count again does not.
    vi.advanceTimersByTime(200);
    syncStatus.apply(receiving(20_000));
    expect(syncStatus.revision).toBe(start + 2);
    vi.advanceTimersByTime(5_000);
    syncStatus.apply(receiving(20_000));
    expect(syncStatus.revision).toBe(start + 2);
    // The sync ends within a second of the last reload: it reloads all the same.
    syncStatus.apply({ ...BASE, last_synced_at: "2026-11-24T20:00:00Z" });
    expect(syncStatus.revision).toBe(start + 3);
  });
});

describe("live sync status, read while a sync runs", () => {
  it("keeps the finished sync's status when an older answer to sync_status arrives after it", async () => {
    // The window asks for the status while the first sync is still running;
    // the sync finishes and its event arrives before that (older) answer.
    const pending: { answer?: (s: SyncStatus) => void } = {};
    mockIPC(
      (cmd) => {
        if (cmd === "sync_status") return new Promise<SyncStatus>((resolve) => (pending.answer = resolve));
        return null;
      },
      { shouldMockEvents: true },
    );
    const started = syncStatus.start();
    await vi.waitFor(() => expect(pending.answer).toBeDefined());
    const finished = { ...BASE, last_synced_at: "2026-11-24T13:00:00Z" };
    await emit(SYNC_STATUS_EVENT, finished);
    pending.answer?.({ ...BASE, syncing: { phase: "receiving", done: 3, total: null } });
    await started;
    expect(syncStatus.current).toEqual(finished);
  });
});
