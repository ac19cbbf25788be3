// The rows of a long list, fetched from Rust one page at a time as they come
// into view: the window holds the pages near what is shown, never the whole
// list. `reset(fetch)` starts over (a new search, filter or sort, or news
// from a sync); answers to an older fetch are dropped.

import { SvelteMap } from "svelte/reactivity";
import type { AppError } from "./ipc";

/** One page: the rows from `offset`, and the length of the whole list. */
export interface Page<T> {
  total: number;
  rows: T[];
}

export type FetchPage<T> = (offset: number, limit: number) => Promise<Page<T>>;

/** Pages kept around the visible rows; farther pages are forgotten. */
const KEEP_PAGES = 8;

export class PagedRows<T> {
  /** The length of the whole list; `null` until the first page answers. */
  total: number | null = $state(null);
  error: AppError | null = $state(null);
  readonly pageSize: number;
  #pages = new SvelteMap<number, T[]>();
  #inFlight = new Set<number>();
  #fetch: FetchPage<T> | null = null;
  #generation = 0;

  constructor(pageSize = 100) {
    this.pageSize = pageSize;
  }

  /** Starts over with a new fetch; the first page is asked for at once. */
  reset(fetch: FetchPage<T>): void {
    this.#generation += 1;
    this.#fetch = fetch;
    this.#pages.clear();
    this.#inFlight.clear();
    this.error = null;
    this.#load(0);
  }

  /** Like `reset`, but keeps showing the current rows until the new ones come. */
  refresh(): void {
    if (!this.#fetch) return;
    this.#generation += 1;
    const shown = [...this.#pages.keys()];
    this.#inFlight.clear();
    for (const index of shown.length > 0 ? shown : [0]) this.#load(index, true);
  }

  /** The row at `index`, or `undefined` while its page is on its way. */
  rowAt(index: number): T | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** The first loaded row that `test` accepts (rows of pages not loaded are not looked at). */
  find(test: (row: T) => boolean): T | undefined {
    for (const rows of this.#pages.values()) {
      const found = rows.find(test);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Makes sure the pages holding rows `first`..`last` are (being) loaded. */
  ensure(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / this.pageSize);
    const to = Math.floor(Math.max(0, last) / this.pageSize);
    for (let index = from; index <= to; index++) {
      if (!this.#pages.has(index)) this.#load(index);
    }
    for (const index of [...this.#pages.keys()]) {
      if (index < from - KEEP_PAGES / 2 || index > to + KEEP_PAGES / 2) this.#pages.delete(index);
    }
  }

  #load(index: number, replace = false): void {
    const fetch = this.#fetch;
    if (!fetch || this.#inFlight.has(index)) return;
    if (!replace && this.#pages.has(index)) return;
    this.#inFlight.add(index);
    const generation = this.#generation;
    fetch(index * this.pageSize, this.pageSize).then(
      (page) => {
        if (generation !== this.#generation) return;
        this.#inFlight.delete(index);
        this.total = page.total;
        this.#pages.set(index, page.rows);
      },
      (reason: AppError) => {
        if (generation !== this.#generation) return;
        this.#inFlight.delete(index);
        this.error = reason;
      },
    );
  }
}
