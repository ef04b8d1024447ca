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
 * A FIFO of functions backed by a growable array with a moving head: push and shift are O(1)
 * and allocate nothing per element once warm.
 */
export class FunctionQueue {
  #items: Array<(() => void) | undefined> = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(fn: () => void): void {
    this.#items.push(fn);
  }

  shift(): (() => void) | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const fn = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return fn;
  }
}
