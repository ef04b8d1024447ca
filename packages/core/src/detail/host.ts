// The host event loop's macrotask primitive: setImmediate on Node, a MessageChannel elsewhere.
// Macrotasks (not microtasks) so that a flood of posted handlers still lets timers and I/O run.

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

export const scheduleMacrotask: Schedule = pickScheduler();

/** How many handlers a queue drains before it yields to the host event loop. */
export const batchLimit = 1024;

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
