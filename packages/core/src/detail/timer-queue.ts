// The queue behind every SteadyTimer (Asio's detail/timer_queue.hpp with the reactor's timer
// handling): a binary min-heap of timers that have waits, keyed by (expiry, sequence), and ONE
// host timer armed for the earliest. Each timer keeps its own FIFO of waits, as Asio's
// per_timer_data does, so a timer with many waits is one heap entry.
//
// - The heap (detail/timer-heap.ts) drops a timer whose last wait was cancelled lazily, in O(1)
//   amortized; the host timer may then fire early for such a timer, which a firing re-checks.
// - Arming is lazy in one direction only: the host timer is re-set when the earliest expiry moves
//   EARLIER than the time it is armed for; when it moves later (the earliest timer was cancelled)
//   the armed host timer is kept, fires early, and the queue re-checks the clock and re-arms. So
//   cancelling 100,000 waits clears at most one host timer and sets none.
// - When the heap empties the host timer is cleared, so an idle queue never keeps a Node process
//   alive; while waits are pending it is armed (and referenced), so an `IoContext.run()` waiting
//   for a timer keeps the host running until it fires.
// - setTimeout may fire early (Node's loop clock is rounded to milliseconds, long delays are
//   clamped to 2^31-1 ms): every firing re-reads the clock and re-arms for what is not yet due.

import { outsideCoroutines } from './frame-storage.js';
import { finished, pending, ready, TimerEntry, TimerHeap, type TimerOp } from './timer-heap.js';

/** What the queue needs from its host: a monotonic clock and one-shot timers (the test seam). */
export interface TimerHost {
  /** Milliseconds on a monotonic clock (`performance.now()` on the real host). */
  now(): number;
  /** Call `fn` once after `ms` milliseconds; returns a handle for `clearTimer`. */
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const clock: { now(): number } =
  typeof (globalThis as { performance?: { now?: unknown } }).performance?.now === 'function' ? performance : Date;

/** The real host: `performance.now()` and `setTimeout`/`clearTimeout`, looked up at each call. */
const hostTimers: TimerHost = Object.freeze({
  now: (): number => clock.now(),
  setTimer: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimer: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

// Delays above 2^31-1 ms make setTimeout fire at once (Node warns); longer waits re-arm.
const maxHostDelay = 2 ** 31 - 1;

export { finished, pending, TimerEntry, type TimerOp };

export class TimerQueue {
  readonly host: TimerHost;
  readonly #heap = new TimerHeap();
  // Ops whose timer expired, in completion order, not yet completed (a handler that threw
  // leaves the rest here; the host timer is re-armed at 0 to finish them).
  #readyHead: TimerOp | null = null;
  #readyTail: TimerOp | null = null;
  #handle: unknown = undefined;
  #lastNow = Number.NEGATIVE_INFINITY;
  #armed = false;
  // When the armed host timer will fire, on the queue's clock.
  #armedFor = Number.POSITIVE_INFINITY;
  readonly #onHostTimer = (): void => {
    this.#armed = false;
    this.#handle = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    // The host timer keeps the context of whoever armed it: wait handlers run in no coroutine's.
    outsideCoroutines(this.#fireNow);
  };
  readonly #fireNow = (): void => this.#fire();

  constructor(host: TimerHost = hostTimers) {
    this.host = host;
    this.now();
  }

  now(): number {
    return (this.#lastNow = this.host.now());
  }

  /**
   * Whether `expiry` is past by the latest clock reading (a time no later than now): true means
   * expired; false may still be expired since, which `enqueue` or the host timer then finds (a
   * wait asks this before it costs a reading).
   */
  expiredByLastReading(expiry: number): boolean {
    return expiry <= this.#lastNow;
  }

  /** Timers with waits in the heap (timers that never expire are not counted). */
  get timers(): number {
    return this.#heap.size;
  }

  /** Whether a host timer is armed. */
  get armed(): boolean {
    return this.#armed;
  }

  /**
   * Append `op` to `entry`'s FIFO (Asio's enqueue_timer); the entry joins the heap with its
   * first wait. Returns false, with `op` not queued, when the entry would be the earliest and
   * the clock, read to arm the host timer for it, says it already expired.
   */
  enqueue(entry: TimerEntry, op: TimerOp): boolean {
    if (op.state !== finished) throw new Error('TimerQueue: the operation is already queued');
    op.entry = entry;
    op.state = pending;
    op.next = null;
    op.prev = entry.tail;
    if (entry.tail === null) entry.head = op;
    else entry.tail.next = op;
    entry.tail = op;
    entry.size++;
    if (entry.size === 1 && entry.expiry !== Number.POSITIVE_INFINITY && this.#heap.insert(entry)) {
      const now = this.now();
      if (entry.expiry <= now) {
        // Out, not left dead on top: the host timer was not armed for it.
        this.#unlink(entry, op);
        this.#heap.evict(entry);
        return false;
      }
      this.#update(now);
    }
    return true;
  }

  /** Set the expiry of `entry`, which has no pending wait (SteadyTimer cancels them first). */
  setExpiry(entry: TimerEntry, expiry: number): void {
    this.#heap.evict(entry);
    entry.expiry = expiry;
  }

  /** Take the oldest pending wait out of `entry` (for cancel/cancelOne); null when it has none. */
  shift(entry: TimerEntry): TimerOp | null {
    const op = entry.head;
    if (op === null) return null;
    this.#unlink(entry, op);
    return op;
  }

  /** Take `op` out if it is still pending (per-operation cancellation); false if it was not. */
  remove(op: TimerOp): boolean {
    const entry = op.entry;
    if (op.state !== pending || entry === null) return false;
    this.#unlink(entry, op);
    return true;
  }

  #unlink(entry: TimerEntry, op: TimerOp): void {
    if (op.prev === null) entry.head = op.next;
    else op.prev.next = op.next;
    if (op.next === null) entry.tail = op.prev;
    else op.next.prev = op.prev;
    op.prev = op.next = null;
    op.entry = null;
    op.state = finished;
    if (--entry.size === 0 && entry.heapIndex >= 0) {
      this.#heap.retire(entry);
      // The host timer is cleared once no timer has a wait; else it stays (see the file comment).
      if (this.#heap.size === 0) this.#update();
    }
  }

  // The host timer fired: move every due timer's waits to the ready list (all of them before any
  // handler runs, as Asio's get_ready_timers), then complete them in order.
  #fire(): void {
    const heap = this.#heap;
    const now = this.now();
    for (let top = heap.top(); top !== undefined && top.expiry <= now; top = heap.top()) {
      heap.pop();
      for (let op = top.head; op !== null; op = op.next) {
        op.state = ready;
        op.entry = null;
      }
      if (top.head !== null) {
        if (this.#readyTail === null) this.#readyHead = top.head;
        else {
          this.#readyTail.next = top.head;
          top.head.prev = this.#readyTail;
        }
        this.#readyTail = top.tail;
      }
      top.head = top.tail = null;
      top.size = 0;
    }
    try {
      for (let op = this.#readyHead; op !== null; op = this.#readyHead) {
        this.#readyHead = op.next;
        if (op.next === null) this.#readyTail = null;
        else op.next.prev = null;
        op.next = null;
        op.state = finished;
        op.expire();
      }
    } finally {
      // Also after a handler threw (it surfaces on the host, as a system-executor handler's
      // does): the rest of the ready list runs from a fresh host timer.
      this.#update();
    }
  }

  // Make the host timer agree with the heap (see the file comment for when it is kept); `known`
  // is a clock reading the caller just took.
  #update(known?: number): void {
    const host = this.host;
    let due: number;
    if (this.#readyHead !== null) due = Number.NEGATIVE_INFINITY;
    else {
      const top = this.#heap.top();
      if (top === undefined) {
        if (this.#armed) {
          this.#armed = false;
          this.#armedFor = Number.POSITIVE_INFINITY;
          const handle = this.#handle;
          this.#handle = undefined;
          host.clearTimer(handle);
        }
        return;
      }
      due = top.expiry;
    }
    if (this.#armed && this.#armedFor <= due) return;
    if (this.#armed) host.clearTimer(this.#handle);
    const now = known ?? this.now();
    const delay = due <= now ? 0 : Math.min(Math.ceil(due - now), maxHostDelay);
    this.#armed = true;
    this.#armedFor = now + delay;
    this.#handle = host.setTimer(this.#onHostTimer, delay);
  }
}

let current = new TimerQueue();

/** The queue new timers use: one per host (one host timer for every SteadyTimer). */
export function timerQueue(): TimerQueue {
  return current;
}

/** @internal Test seam: make timers constructed from now on use `queue`; returns the previous one. */
export function swapTimerQueue(queue: TimerQueue): TimerQueue {
  if (!(queue instanceof TimerQueue)) throw new TypeError('queue must be a TimerQueue');
  const previous = current;
  current = queue;
  return previous;
}
