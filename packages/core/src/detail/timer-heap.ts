// The heap half of the timer queue (detail/timer-queue.ts): the per-timer data and its waits, and
// a binary min-heap of timers keyed by (expiry, sequence), every entry knowing its index.
//
// Removal is lazy: a timer whose last wait is cancelled stays in the heap, dead, until it reaches
// the top, the heap holds more dead timers than live ones (then one pass drops them all and
// re-heapifies), or no live one is left (then the heap is emptied at once). Cancelling n waits so
// costs O(n) in all rather than one O(log n) sift each, which was most of the cost of cancelling
// many waits in expiry order (docs/performance.md, "Timers"). A dead timer's expiry cannot change
// while it is held (`evict` first), and one that gets a wait again re-joins with a new sequence
// number, so ties still go in the order timers got their first pending wait.

export const pending = 0;
export const ready = 1;
export const finished = 2;

/**
 * One wait in the queue (Asio's wait_op): linked into its timer's FIFO while pending, into the
 * queue's ready list once its timer expired, and unlinked when it is taken out for good. An
 * interface, so that a wait can be its own HandlerWork (detail/timer-wait-op.ts); a new one has
 * `prev`, `next` and `entry` null and `state` `finished`.
 */
export interface TimerOp {
  /** @internal */ prev: TimerOp | null;
  /** @internal */ next: TimerOp | null;
  /** @internal */ entry: TimerEntry | null;
  /** @internal */ state: number;
  /** The timer expired: the queue took the wait out and calls this once. */
  expire(): void;
}

/** The per-timer data (Asio's per_timer_data): expiry, its FIFO of waits, its heap position. */
export class TimerEntry {
  /** Absolute expiry on the queue's clock; `Infinity` never expires (and takes no heap slot). */
  expiry = 0;
  /** @internal */ heapIndex = -1;
  /** @internal */ seq = 0;
  /** @internal */ head: TimerOp | null = null;
  /** @internal */ tail: TimerOp | null = null;
  /** Waits in the FIFO. */
  size = 0;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.expiry < b.expiry || (a.expiry === b.expiry && a.seq < b.seq);
}

// Below this many dead entries the heap is never compacted (a pass would cost more than it saves).
const minDeadToCompact = 64;

export class TimerHeap {
  readonly #items: TimerEntry[] = [];
  #dead = 0;
  #seq = 0;

  /** Live entries (timers with waits). */
  get size(): number {
    return this.#items.length - this.#dead;
  }

  /** The earliest live entry (dead ones on top are dropped on the way), or undefined. */
  top(): TimerEntry | undefined {
    const items = this.#items;
    for (let top = items[0]; top !== undefined; top = items[0]) {
      if (top.size > 0) return top;
      this.#removeAt(0);
      this.#dead--;
    }
    return undefined;
  }

  /** Take the top out (the caller got it from `top()`). */
  pop(): void {
    this.#removeAt(0);
  }

  /** `entry` got its first wait: it joins the heap (again). Returns true when it is the earliest. */
  insert(entry: TimerEntry): boolean {
    // Held dead (its expiry unchanged): re-join, so that its sequence number is a new one.
    if (entry.heapIndex >= 0) {
      this.#removeAt(entry.heapIndex);
      this.#dead--;
    }
    const items = this.#items;
    entry.seq = this.#seq++;
    entry.heapIndex = items.length;
    items.push(entry);
    this.#up(entry.heapIndex);
    return entry.heapIndex === 0;
  }

  /** `entry` lost its last wait: it stays, dead, until it is dropped (see the file comment). */
  retire(entry: TimerEntry): void {
    if (entry.heapIndex < 0) return;
    const items = this.#items;
    if (++this.#dead === items.length) {
      for (const e of items) e.heapIndex = -1;
      items.length = 0;
      this.#dead = 0;
    } else if (this.#dead >= minDeadToCompact && 2 * this.#dead > items.length) this.#compact();
  }

  /** Take a dead `entry` out now, if it is held (before its expiry changes). */
  evict(entry: TimerEntry): void {
    if (entry.heapIndex < 0) return;
    if (entry.size > 0) throw new Error('TimerHeap: the timer still has waits');
    this.#removeAt(entry.heapIndex);
    this.#dead--;
  }

  /** Drop every dead entry, then restore the heap order bottom-up: O(n). */
  #compact(): void {
    const items = this.#items;
    let n = 0;
    for (const e of items) {
      if (e.size > 0) {
        e.heapIndex = n;
        items[n++] = e;
      } else e.heapIndex = -1;
    }
    items.length = n;
    this.#dead = 0;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #up(index: number): void {
    const items = this.#items;
    const entry = items[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex]!;
      if (!before(entry, parent)) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = entry;
    entry.heapIndex = index;
  }

  #down(index: number): void {
    const items = this.#items;
    const n = items.length;
    const entry = items[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= n) break;
      if (child + 1 < n && before(items[child + 1]!, items[child]!)) child++;
      const c = items[child]!;
      if (!before(c, entry)) break;
      items[index] = c;
      c.heapIndex = index;
      index = child;
    }
    items[index] = entry;
    entry.heapIndex = index;
  }

  #removeAt(index: number): void {
    const items = this.#items;
    const removed = items[index]!;
    const last = items.pop()!;
    removed.heapIndex = -1;
    if (last === removed) return;
    items[index] = last;
    last.heapIndex = index;
    if (index > 0 && before(last, items[(index - 1) >> 1]!)) this.#up(index);
    else this.#down(index);
  }
}
