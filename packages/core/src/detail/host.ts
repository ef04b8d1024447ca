// How asio-ts shares the host's single thread with the host's own work (timers, sockets, UI).
//
// A posted handler runs on a microtask, which is what Node's own "never call back synchronously"
// convention costs, as long as the host had a macrotask turn recently. Every queue that drains
// handlers (the system executor, IoContext.run(), a strand's invoker) counts them here, in one
// shared count of handlers run since the host's last macrotask turn. Past `batchLimit` of them
// the next drain goes onto a macrotask (setImmediate on Node; a MessageChannel, else
// setTimeout(0), elsewhere), so a flood of handlers, or a ping-pong of handlers that post each
// other from promise continuations, still lets timers and I/O run.
//
// The count resets only inside a macrotask callback: one that starts a drain after the budget
// ran out, or a watcher put on the macrotask queue when counting starts. A macrotask callback can
// only run once the microtask queue is empty, so a reset always means the host had its turn; a
// chain of microtask drains keeps adding to one count until it is cut by a macrotask.

type Schedule = (fn: () => void) => void;

function pickScheduler(): Schedule {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return (fn) => void setImmediate(fn);
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const pending: Array<() => void> = [];
    (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => pending.shift()?.();
    return (fn) => {
      pending.push(fn);
      channel.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
}

/** The host event loop's macrotask primitive. */
export const scheduleMacrotask: Schedule = pickScheduler();

// Taken once, as the macrotask primitive is: a fake-timer library installed later (Jest's fakes
// queueMicrotask too) does not capture the queues' drains, or the rethrow below.
const hostQueueMicrotask: Schedule =
  typeof globalThis.queueMicrotask === 'function'
    ? globalThis.queueMicrotask.bind(globalThis)
    : (fn) => void Promise.resolve().then(fn);
// A reaction on a settled promise is the cheapest microtask the host has (Node's queueMicrotask
// makes an AsyncResource per call); docs/performance.md has the figures.
const settled = Promise.resolve();

/**
 * Run `fn` on a microtask. `fn` must not throw (a throw would become an unhandled rejection):
 * the drains catch what a handler throws and pass it to `surfaceUncaught`.
 */
function scheduleMicrotask(fn: () => void): void {
  void settled.then(fn);
}

/** Rethrow `e` on a microtask of its own, so it surfaces as the host's uncaught exception. */
export function surfaceUncaught(e: unknown): void {
  hostQueueMicrotask(() => {
    throw e;
  });
}

/** How many handlers run, across every queue, before the host gets a macrotask turn. */
export const batchLimit = 1024;

/** Handlers run since the host last had a macrotask turn. */
let ran = 0;
/** A watcher is on the macrotask queue, to reset `ran` once the host gets its turn. */
let watching = false;

function hostHadATurn(): void {
  watching = false;
  ran = 0;
}

/**
 * Count `n` handlers as run (call it as they run, also when one throws). The first count after
 * a reset puts a watcher on the macrotask queue, so the count restarts at the host's next turn.
 */
export function countHandlers(n: number): void {
  ran += n;
  if (!watching && n > 0) {
    watching = true;
    scheduleMacrotask(hostHadATurn);
  }
}

/** How many more handlers may run before the host must have a macrotask turn (0 when none). */
export function hostBudget(): number {
  return ran < batchLimit ? batchLimit - ran : 0;
}

/** Schedule `drain`: on a microtask while the host had a turn recently, else on a macrotask. */
export function scheduleDrain(drain: () => void): void {
  if (ran < batchLimit) scheduleMicrotask(drain);
  else {
    scheduleMacrotask(() => {
      ran = 0;
      drain();
    });
  }
}

/** Call `fn` on a macrotask turn of the host (and restart the count there). */
export function yieldToHost(fn: () => void): void {
  scheduleMacrotask(() => {
    ran = 0;
    fn();
  });
}

/**
 * A FIFO of functions in a ring buffer that doubles when full: push and shift are O(1) and
 * allocate nothing once warm (an emptied queue keeps its storage).
 */
export class FunctionQueue {
  #items: Array<(() => void) | undefined> = new Array<(() => void) | undefined>(16);
  #mask = 15;
  #head = 0;
  #size = 0;

  get length(): number {
    return this.#size;
  }

  push(fn: () => void): void {
    if (this.#size > this.#mask) this.#grow();
    this.#items[(this.#head + this.#size) & this.#mask] = fn;
    this.#size++;
  }

  shift(): (() => void) | undefined {
    if (this.#size === 0) return undefined;
    const fn = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#size--;
    return fn;
  }

  /** Move every function of `other` to the end of this queue, in order (`other` ends empty). */
  append(other: FunctionQueue): void {
    for (let fn = other.shift(); fn !== undefined; fn = other.shift()) this.push(fn);
  }

  #grow(): void {
    const old = this.#items;
    const capacity = old.length * 2;
    const items = new Array<(() => void) | undefined>(capacity);
    for (let i = 0; i < this.#size; i++) items[i] = old[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#mask = capacity - 1;
    this.#head = 0;
  }
}
