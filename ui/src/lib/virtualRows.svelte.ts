// The virtual part of a long list: TanStack Virtual over the rows of a
// `PagedRows`. The virtualizer follows the list's length, and the pages
// holding the rows in view (and the overscan around them) are asked for as
// they come into view. Shared by the sign-up list, the activity list and
// the Organisaties lists; call it while a component initialises (it makes
// effects).

import { createVirtualizer, type VirtualItem } from "@tanstack/svelte-virtual";
import { untrack } from "svelte";
import { fromStore, get } from "svelte/store";
import type { PagedRows } from "./pagedRows.svelte";

export interface VirtualRows {
  /** The rows to render now: index, key, start (px). */
  readonly items: VirtualItem[];
  /** The height of the whole list, in px. */
  readonly totalSize: number;
  scrollToIndex(index: number): void;
}

export function virtualRows<T>(
  rows: PagedRows<T>,
  scrollElement: () => HTMLDivElement | undefined,
  rowHeight: () => number,
  overscan: number,
): VirtualRows {
  const virtualizer = createVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: 0,
    getScrollElement: () => scrollElement() ?? null,
    estimateSize: rowHeight,
    overscan,
  });
  const current = fromStore(virtualizer);

  // The store's setOptions notifies its subscribers: called untracked, so
  // this effect follows only the count.
  $effect(() => {
    const count = rows.total ?? 0;
    untrack(() => get(virtualizer).setOptions({ count }));
  });

  const items = $derived(current.current.getVirtualItems());
  $effect(() => {
    if (items.length === 0) return;
    const [first, last] = [items[0].index, items[items.length - 1].index];
    untrack(() => rows.ensure(first, last));
  });

  return {
    get items() {
      return items;
    },
    get totalSize() {
      return current.current.getTotalSize();
    },
    scrollToIndex: (index) => get(virtualizer).scrollToIndex(index),
  };
}
