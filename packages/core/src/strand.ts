import { brandExecutor } from './detail/executor-brand.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import { checkFunction } from './detail/check.js';
import { StrandImpl } from './detail/strand-impl.js';

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
  /** The queues, the lock and the invoker (`detail/strand-impl.ts`). */
  readonly #impl: StrandImpl;

  /** A strand over `inner` (an executor or a context's executor); `makeStrand` is the same. */
  constructor(inner: Executor) {
    this.#inner = toExecutor('inner', inner);
    this.#impl = new StrandImpl(this.#inner);
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
    this.#impl.enqueue(fn as () => void, 'post');
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
    this.#impl.enqueue(fn as () => void, 'defer');
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
    if (this.#impl.runningInThisThread()) {
      // Already inside this strand: run as part of the current handler, which holds the strand
      // (and, if it returns a promise, keeps holding it until that settles too).
      this.#impl.call(fn);
    } else {
      // As Asio dispatches the strand's invoker on the inner executor: a free strand inside its
      // inner executor runs the handler here and now, holding the strand.
      this.#impl.enqueue(fn as () => void, 'dispatch');
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
    return this.#impl.runningInThisThread();
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
