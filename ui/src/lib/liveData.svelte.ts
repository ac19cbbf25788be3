// Data a screen shows from Rust, kept current: loaded when the screen starts,
// again whenever a sync may have brought news (`syncStatus.revision`), when
// reactive state the loader reads changes (e.g. the chosen organisation), and
// after `reload()` or `edit()` (an edit of one's own). An answer that a newer load has
// overtaken is dropped; a failed load keeps the last data and shows `error`.

import type { AppError } from "./ipc";
import { syncStatus } from "./syncStatus.svelte";

export interface LiveData<T> {
  /** The last data loaded; `undefined` until the first load answers. */
  readonly value: T | undefined;
  /** Why the last edit (see `edit`) or else the last load failed, or `null`. */
  readonly error: AppError | null;
  /** Loads again now. */
  reload(): void;
  /** Runs an edit of one's own, then loads again; a refusal shows as `error`. */
  edit(action: () => Promise<unknown>): Promise<void>;
}

/**
 * Starts loading with `load` (call it while a component initialises). The
 * reactive state `load` reads before its first `await` is followed; `load`
 * may return `undefined` to leave the data as it is (nothing to load yet).
 */
export function liveData<T>(load: () => Promise<T> | undefined): LiveData<T> {
  let value: T | undefined = $state(undefined);
  let error: AppError | null = $state(null);
  let editError: AppError | null = $state(null);
  let reloads = $state(0);
  let latest = 0;

  $effect(() => {
    void syncStatus.revision;
    void reloads;
    const pending = load();
    if (pending === undefined) return;
    const ticket = ++latest;
    pending.then(
      (next) => {
        if (ticket !== latest) return;
        value = next;
        error = null;
      },
      (reason: AppError) => {
        if (ticket === latest) error = reason;
      },
    );
  });

  return {
    get value() {
      return value;
    },
    get error() {
      return editError ?? error;
    },
    reload() {
      reloads += 1;
    },
    async edit(action) {
      editError = null;
      try {
        await action();
        reloads += 1;
      } catch (reason) {
        editError = reason as AppError;
      }
    },
  };
}
