// The live sync status of the window: read once with `sync_status`, then kept
// up to date by the `sync-status` event that Rust emits on every change.
// `revision` goes up whenever the data may have changed (a sync finished,
// counts changed, a page of the feed was stored), so sections reload their
// lists by depending on it.

import { listen } from "@tauri-apps/api/event";
import { SYNC_STATUS_EVENT } from "./bindings/events";
import { commands, type SyncStatus } from "./ipc";

/**
 * While a sync receives, the pages it stored show at most this often: a first
 * sync of a large organisation takes a while (200,000 sign-ups: half a minute
 * on loopback, longer on a slow line), and its first page already holds the
 * organisation with its offerings and contact persons.
 */
export const RECEIVED_RELOAD_MS = 1000;

/** How much the running sync has stored, or 0 when it is not receiving. */
const received = (status: SyncStatus | null): number =>
  status?.syncing?.phase === "receiving" ? status.syncing.done : 0;

class LiveSyncStatus {
  current: SyncStatus | null = $state(null);
  failed = $state(false);
  revision = $state(0);
  /** How many statuses came as events: a `sync_status` answer that crossed
   *  an event is older than it (the event was sent after the answer was
   *  made, or the answer would have shown the change) and is dropped. */
  private events = 0;
  /** When (Date.now) a stored page last bumped `revision`. */
  private lastReceivedReload = -Infinity;

  /** Takes a new status; bumps `revision` when the data may have changed. */
  apply(next: SyncStatus): void {
    const prev = this.current;
    this.current = next;
    // The first status too: a sync may have finished before we listened.
    if (
      prev === null ||
      prev.connectivity !== next.connectivity ||
      (prev.last_synced_at !== next.last_synced_at ||
        prev.conflicts !== next.conflicts ||
        prev.rejected_edits !== next.rejected_edits ||
        (prev.syncing !== null && next.syncing === null))
    ) {
      this.revision += 1;
    } else if (received(next) > 0 && received(next) !== received(prev)) {
      // A page of the feed was stored (progress is reported after its
      // transaction): show it, unless a page did so less than
      // RECEIVED_RELOAD_MS ago. The sync's end reloads anyway.
      const now = Date.now();
      if (now - this.lastReceivedReload >= RECEIVED_RELOAD_MS) {
        this.lastReceivedReload = now;
        this.revision += 1;
      }
    }
  }

  /** Starts listening; call once when the window starts. */
  async start(): Promise<void> {
    try {
      await listen<SyncStatus>(SYNC_STATUS_EVENT, (event) => {
        this.events += 1;
        this.apply(event.payload);
      });
    } catch {
      // Without events the status is still read below and after a sync.
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const eventsBefore = this.events;
    try {
      const answer = await commands.syncStatus();
      // An event while the answer was on its way is at least as new.
      if (this.events === eventsBefore) this.apply(answer);
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }
}

export const syncStatus = new LiveSyncStatus();
