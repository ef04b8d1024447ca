import type { CancellationHandler } from '../cancellation-signal.js';
import type { CancellationType } from '../cancellation-type.js';
import { withAbortReason } from './abort-reason.js';

/** One assigned slot handler, linked into its signal's list of waiters (no Set to hash into). */
export class Waiter {
  readonly handler: CancellationHandler;
  readonly type: CancellationType;
  prev: Waiter | null = null;
  next: Waiter | null = null;
  /** The signal's entry while linked. */
  entry: Entry | null = null;
  /** Set when the abort reached `handler`. */
  delivered = false;

  constructor(handler: CancellationHandler, type: CancellationType) {
    this.handler = handler;
    this.type = type;
  }
}

// One 'abort' listener per AbortSignal, fanned out to the slots waiting on it, so that any number
// of operations in flight under one signal never trip MaxListenersExceededWarning. When the last
// waiter leaves, the listener is removed a microtask later rather than at once: an operation
// started from the previous one's handler (the usual loop) then finds it still in place instead
// of removing and adding it again every time. It is gone before any `await` resumes, so nothing
// is left behind by the time anyone can look. One microtask sweeps every signal that emptied.
interface Entry {
  readonly signal: AbortSignal;
  // Linked in the order the handlers were assigned, which is the order an abort reaches them.
  head: Waiter | null;
  tail: Waiter | null;
  count: number;
  readonly onAbort: () => void;
  sweepScheduled: boolean;
}

const entries = new WeakMap<AbortSignal, Entry>();
let toSweep: Entry[] = [];

/**
 * Link `waiter` into `signal`'s waiters; false when the signal is already aborted (then nothing
 * was linked). A signal with an entry is known not to be aborted: the abort removes the entry.
 */
export function addWaiter(signal: AbortSignal, waiter: Waiter): boolean {
  let entry = entries.get(signal);
  if (entry === undefined) {
    if (signal.aborted) return false;
    const onAbort = (): void => {
      const e = entry!;
      const all: Waiter[] = [];
      for (let w = e.head; w !== null; w = w.next) all.push(w);
      for (const w of all) {
        w.entry = null;
        w.prev = w.next = null;
      }
      e.head = e.tail = null;
      e.count = 0;
      signal.removeEventListener('abort', onAbort);
      entries.delete(signal);
      // The operations make their operationAborted errors in these handlers: with the reason.
      withAbortReason(signal.reason, () => {
        for (const w of all) {
          w.delivered = true;
          w.handler(w.type);
        }
      });
    };
    entry = { signal, head: null, tail: null, count: 0, onAbort, sweepScheduled: false };
    entries.set(signal, entry);
    signal.addEventListener('abort', onAbort);
  }
  const tail = entry.tail;
  waiter.prev = tail;
  if (tail !== null) tail.next = waiter;
  else entry.head = waiter;
  entry.tail = waiter;
  entry.count++;
  waiter.entry = entry;
  return true;
}

export function removeWaiter(waiter: Waiter): void {
  const entry = waiter.entry;
  if (entry === null) return;
  waiter.entry = null;
  const { prev, next } = waiter;
  if (prev !== null) prev.next = next;
  else entry.head = next;
  if (next !== null) next.prev = prev;
  else entry.tail = prev;
  waiter.prev = waiter.next = null;
  if (--entry.count > 0 || entry.sweepScheduled) return;
  entry.sweepScheduled = true;
  if (toSweep.length === 0) queueMicrotask(sweep);
  toSweep.push(entry);
}

function sweep(): void {
  const list = toSweep;
  toSweep = [];
  for (const entry of list) {
    entry.sweepScheduled = false;
    const signal = entry.signal;
    if (entry.count === 0 && entries.get(signal) === entry) {
      signal.removeEventListener('abort', entry.onAbort);
      entries.delete(signal);
    }
  }
}
