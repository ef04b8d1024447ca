import { brandExecutor } from './detail/executor-brand.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import { checkFunction, isThenable } from './detail/check.js';
import { batchLimit, countHandlers, FunctionQueue } from './detail/host.js';
import { reportOrphanError } from './detail/orphan-errors.js';

type Submit = 'post' | 'defer' | 'dispatch';

/**
 * Runs its handlers in FIFO order, one at a time, on an inner executor (Asio's `strand`).
 * A handler that returns a promise holds the strand until the promise settles, so handlers that
 * suspend never interleave.
 *
 * As Asio's `strand_executor_service` does, the strand runs in batches: the handler that finds
 * the strand free takes its lock and puts an invoker on the inner executor; handlers that arrive
 * while the strand is locked (its invoker queued, running, or held by a promise) wait, and when
 * the invoker has run its batch they become the next batch, on an invoker re-posted to the inner
 * executor, so behind the work already queued there.
 *
 * @example
 * ```ts
 * import { IoContext, bindExecutor, makeStrand, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const strand = makeStrand(ioc);
 * const log: string[] = [];
 * for (const name of ['a', 'b']) {
 *   // An async handler holds the strand until its promise settles: the two never interleave.
 *   post(bindExecutor(strand, async () => {
 *     log.push(`${name} start`);
 *     await new Promise((r) => setTimeout(r, 10));
 *     log.push(`${name} end`);
 *   }));
 * }
 * await ioc.run();
 * console.log(log); // ['a start', 'a end', 'b start', 'b end']
 * ```
 */
export class Strand implements Executor {
  readonly #inner: Executor;
  /** The batch the invoker runs (Asio's `ready_queue_`). */
  readonly #ready = new FunctionQueue();
  /** Handlers that arrived while the strand was locked (Asio's `waiting_queue_`). */
  readonly #waiting = new FunctionQueue();
  /** An invoker is queued on the inner executor, running, or waiting on a held promise (Asio's `locked_`). */
  #locked = false;
  #depth = 0;
  /** The invoker is on the stack. */
  #running = false;
  /** Promises returned by handlers of this strand that have not settled yet. */
  #holds = 0;
  readonly #invoker = (): void => this.#runReady();

  /** A strand over `inner` (an executor or a context's executor); `makeStrand` is the same. */
  constructor(inner: Executor) {
    this.#inner = toExecutor('inner', inner);
  }

  /**
   * The executor the strand runs its handlers on (Asio's `strand::get_inner_executor`).
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * console.log(makeStrand(ioc).innerExecutor() === ioc.getExecutor()); // true
   * ```
   */
  innerExecutor(): Executor {
    return this.#inner;
  }

  /**
   * Queue `fn` behind the strand's other handlers, never inside this call (Asio's
   * `strand::post`). A promise `fn` returns holds the strand until it settles.
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const strand = makeStrand(ioc);
   * strand.post(async () => {
   *   await new Promise((r) => setTimeout(r, 10));
   *   console.log('first, after 10 ms');
   * });
   * strand.post(() => console.log('second'));
   * await ioc.run();
   * ```
   */
  post(fn: () => unknown): void {
    checkFunction('fn', fn);
    this.#enqueue(fn as () => void, 'post');
  }

  /**
   * Queue `fn` as a continuation on the strand (Asio's `strand::defer`); the inner executor's
   * `defer` schedules the strand.
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const strand = makeStrand(ioc);
   * strand.post(() => strand.defer(() => console.log('continuation, after this handler')));
   * await ioc.run();
   * ```
   */
  defer(fn: () => unknown): void {
    checkFunction('fn', fn);
    this.#enqueue(fn as () => void, 'defer');
  }

  /**
   * Run `fn` at once when already inside this strand, as part of the current handler; else
   * queue it as `post` does, except that a free strand inside its inner executor runs it at
   * once (Asio's `strand::dispatch`).
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const strand = makeStrand(ioc);
   * strand.post(() => {
   *   strand.dispatch(() => console.log('first: already inside the strand'));
   *   console.log('second');
   * });
   * await ioc.run();
   * ```
   */
  dispatch(fn: () => unknown): void {
    checkFunction('fn', fn);
    if (this.#depth > 0) {
      // Already inside this strand: run as part of the current handler, which holds the strand
      // (and, if it returns a promise, keeps holding it until that settles too).
      this.#call(fn);
    } else {
      // As Asio dispatches the strand's invoker on the inner executor: a free strand inside its
      // inner executor runs the handler here and now, holding the strand.
      this.#enqueue(fn as () => void, 'dispatch');
    }
  }

  /**
   * Count outstanding work on the inner executor (Asio's `strand::on_work_started`).
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand, makeWorkGuard } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const guard = makeWorkGuard(makeStrand(ioc)); // calls onWorkStarted: holds ioc.run() open
   * setTimeout(() => guard.reset(), 10);
   * await ioc.run();
   * ```
   */
  onWorkStarted(): void {
    this.#inner.onWorkStarted();
  }

  /**
   * Count work on the inner executor as done (Asio's `strand::on_work_finished`).
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const strand = makeStrand(ioc);
   * strand.onWorkStarted();
   * strand.onWorkFinished();
   * console.log(ioc.stopped()); // true: the context ran out of work
   * ```
   */
  onWorkFinished(): void {
    this.#inner.onWorkFinished();
  }

  /**
   * True while one of this strand's handlers is on the call stack (Asio's
   * `strand::running_in_this_thread`).
   *
   * @example
   * ```ts
   * import { IoContext, makeStrand } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const strand = makeStrand(ioc);
   * strand.post(() => console.log(strand.runningInThisThread())); // true
   * console.log(strand.runningInThisThread()); // false
   * await ioc.run();
   * ```
   */
  runningInThisThread(): boolean {
    return this.#depth > 0;
  }

  /** Queue `fn`, holding work on the inner executor until it ran; a free strand is scheduled. */
  #enqueue(fn: () => void, how: Submit): void {
    this.#inner.onWorkStarted();
    if (this.#locked) {
      this.#waiting.push(fn);
      return;
    }
    // This handler takes the lock, so it schedules the strand.
    this.#locked = true;
    this.#ready.push(fn);
    this.#inner[how](this.#invoker);
  }

  /** The invoker: run the ready batch, then schedule what arrived meanwhile. */
  #runReady(): void {
    let n = 0;
    this.#running = true;
    try {
      // Bounded, so one invoker cannot keep the host for an unbounded batch; what is left of
      // the batch stays first in line for the next invoker. A promise holding the strand ends it.
      while (n < batchLimit && this.#holds === 0) {
        const fn = this.#ready.shift();
        if (fn === undefined) break;
        n++;
        this.#invoke(fn);
      }
    } finally {
      // The inner executor counted the invoker as one handler; count the rest of the batch.
      if (n > 1) countHandlers(n - 1);
      this.#running = false;
      this.#onInvokerExit();
    }
  }

  /**
   * Asio's `on_invoker_exit`: the waiting handlers join the ready ones and, if there are any, an
   * invoker is re-posted to the inner executor (behind its queued work); else the strand unlocks.
   * While a promise holds the strand, this waits for it to settle.
   */
  #onInvokerExit(): void {
    if (this.#holds > 0) return;
    this.#ready.append(this.#waiting);
    if (this.#ready.length > 0) this.#inner.post(this.#invoker);
    else this.#locked = false;
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
        // No invoker is queued while a promise holds the strand: the last one to settle
        // continues the strand as the invoker's exit would (unless a thenable that settles
        // synchronously did so with the invoker still on the stack, whose exit then does it).
        if (--this.#holds === 0 && !this.#running) this.#onInvokerExit();
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

/**
 * A strand over an executor or a context's executor (Asio's `make_strand`): bind it to the
 * handlers that share state, and they run one at a time.
 *
 * @example
 * ```ts
 * import { IoContext, bindExecutor, makeStrand, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const strand = makeStrand(ioc);
 * let count = 0;
 * for (let i = 0; i < 3; i++) post(bindExecutor(strand, () => count++));
 * await ioc.run();
 * console.log(count); // 3
 * ```
 */
export function makeStrand(executor: ExecutorOrContext): Strand {
  return new Strand(toExecutor('executor', executor));
}
