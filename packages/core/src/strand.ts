import { brandExecutor } from './detail/executor-brand.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import { checkFunction, isThenable } from './detail/check.js';
import { batchLimit, FunctionQueue } from './detail/host.js';
import { reportOrphanError } from './detail/orphan-errors.js';

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
  /** Promises returned by handlers of this strand that have not settled yet. */
  #holds = 0;
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
      // Already inside this strand: run as part of the current handler, which holds the strand
      // (and, if it returns a promise, keeps holding it until that settles too).
      this.#call(fn);
    } else if (!this.#busy && this.#queue.length === 0 && this.#inner.runningInThisThread()) {
      // The strand is free and we are inside its inner executor: as Asio dispatches the strand's
      // invoker on the inner executor, the handler runs here and now, holding the strand.
      this.#inner.onWorkStarted();
      this.#busy = true;
      try {
        this.#invoke(fn as () => void);
      } finally {
        this.#releaseIfIdle();
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
    try {
      while (n++ < batchLimit && this.#holds === 0) {
        const fn = this.#queue.shift();
        if (fn === undefined) break;
        this.#invoke(fn);
      }
    } finally {
      this.#releaseIfIdle();
    }
  }

  /** Let the next handler in once nothing holds the strand any more. */
  #releaseIfIdle(): void {
    if (this.#holds === 0) {
      this.#busy = false;
      this.#schedule();
    }
  }

  /** Run one queued handler, releasing the work it held while queued. */
  #invoke(fn: () => void): void {
    try {
      this.#call(fn);
    } finally {
      this.#inner.onWorkFinished();
    }
  }

  /**
   * Run `fn` inside the strand. A promise it returns holds the strand (and work on the inner
   * executor) until it settles, whether `fn` was queued or dispatched from inside the strand.
   */
  #call(fn: () => unknown): void {
    let result: unknown;
    this.#depth++;
    try {
      result = fn();
    } finally {
      this.#depth--;
    }
    if (isThenable(result)) {
      this.#holds++;
      this.#inner.onWorkStarted();
      const release = (): void => {
        this.#inner.onWorkFinished();
        if (--this.#holds === 0) {
          this.#busy = false;
          this.#schedule();
        }
      };
      result.then(release, (reason: unknown) => {
        release();
        // Nobody awaits this promise: report it where detached errors go; the strand moves on.
        reportOrphanError(reason);
      });
    }
  }
}

brandExecutor(Strand.prototype);

/** A strand over an executor or a context's executor. */
export function makeStrand(executor: ExecutorOrContext): Strand {
  return new Strand(toExecutor('executor', executor));
}
