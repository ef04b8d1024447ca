import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import { checkFunction } from './detail/check.js';
import { batchLimit, FunctionQueue } from './detail/host.js';

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Runs its handlers in FIFO order, one at a time, on an inner executor (Asio's `strand`).
 * A handler that returns a promise holds the strand until the promise settles, so handlers that
 * suspend never interleave.
 */
export class Strand implements Executor {
  readonly #inner: Executor;
  readonly #queue = new FunctionQueue();
  #busy = false;
  #scheduled = false;
  #depth = 0;
  readonly #runner = (): void => this.#drain();

  constructor(inner: Executor) {
    this.#inner = toExecutor('inner', inner);
  }

  innerExecutor(): Executor {
    return this.#inner;
  }

  post(fn: () => unknown): void {
    checkFunction('fn', fn);
    this.#inner.onWorkStarted();
    this.#queue.push(fn as () => void);
    this.#schedule();
  }

  defer(fn: () => unknown): void {
    this.post(fn);
  }

  dispatch(fn: () => unknown): void {
    checkFunction('fn', fn);
    if (this.#depth > 0) {
      // Already inside this strand: run as part of the current handler, which holds the strand.
      this.#depth++;
      try {
        fn();
      } finally {
        this.#depth--;
      }
    } else if (!this.#busy && this.#queue.length === 0 && this.#inner.runningInThisThread()) {
      // The strand is free and we are inside its inner executor: as Asio dispatches the strand's
      // invoker on the inner executor, the handler runs here and now, holding the strand.
      this.#inner.onWorkStarted();
      this.#busy = true;
      let suspended = false;
      try {
        suspended = this.#invoke(fn as () => void);
      } finally {
        if (!suspended) {
          this.#busy = false;
          this.#schedule();
        }
      }
    } else {
      this.post(fn);
    }
  }

  onWorkStarted(): void {
    this.#inner.onWorkStarted();
  }

  onWorkFinished(): void {
    this.#inner.onWorkFinished();
  }

  runningInThisThread(): boolean {
    return this.#depth > 0;
  }

  #schedule(): void {
    if (!this.#busy && !this.#scheduled && this.#queue.length > 0) {
      this.#scheduled = true;
      this.#inner.post(this.#runner);
    }
  }

  #drain(): void {
    this.#scheduled = false;
    if (this.#busy) return;
    this.#busy = true;
    let n = 0;
    let suspended = false;
    try {
      while (n++ < batchLimit) {
        const fn = this.#queue.shift();
        if (fn === undefined) break;
        if (this.#invoke(fn)) {
          suspended = true;
          return;
        }
      }
    } finally {
      if (!suspended) {
        this.#busy = false;
        this.#schedule();
      }
    }
  }

  /** Run one handler; true when it returned a promise that now holds the strand. */
  #invoke(fn: () => void): boolean {
    let result: unknown;
    this.#depth++;
    try {
      result = (fn as () => unknown)();
    } catch (e) {
      this.#inner.onWorkFinished();
      throw e;
    } finally {
      this.#depth--;
    }
    if (!isThenable(result)) {
      this.#inner.onWorkFinished();
      return false;
    }
    const resume = (): void => {
      this.#inner.onWorkFinished();
      this.#busy = false;
      this.#schedule();
    };
    result.then(resume, resume);
    return true;
  }
}

/** A strand over an executor or a context's executor. */
export function makeStrand(executor: ExecutorOrContext): Strand {
  return new Strand(toExecutor('executor', executor));
}
