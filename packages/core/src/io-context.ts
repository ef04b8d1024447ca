import type { ExecutionContext, Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, describe } from './detail/check.js';
import { RunLoop } from './detail/run-loop.js';

// Shared by every copy of the library (see detail/brand.ts).
const ioContextBrand: unique symbol = Symbol.for('asio-ts.IoContext');

/**
 * A queue of handlers and the loop that runs them (Asio's `io_context`).
 *
 * Outstanding work is counted as Asio counts it: every queued handler, every operation in flight
 * (its `onWorkStarted`/`onWorkFinished` pair) and every work guard. `run()` returns once no work
 * is outstanding, and the context is then stopped until `restart()`.
 *
 * If a handler throws, the exception leaves `run()` (its promise rejects) or `poll()` (it
 * throws); the handler is gone, the rest of the queue is intact, and calling `run()` again
 * resumes, as in Asio. Unlike Asio's, `run()` is asynchronous: it shares the host's one thread.
 * The run loop (`run`, `runFor`, `poll`, `stop`, ...) is inherited from `detail/run-loop.ts`.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * post(ioc, () => console.log('posted'));
 * new SteadyTimer(ioc, 10).asyncWait(() => console.log('timer'));
 * const handlers = await ioc.run(); // returns once the timer's wait completed: no work is left
 * console.log(handlers); // 2
 * ```
 */
export class IoContext extends RunLoop implements ExecutionContext {
  /** True for the contexts of any copy of the library (ESM and CommonJS builds alike). */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, IoContext, ioContextBrand, x);
  }

  /** @internal */
  get [ioContextBrand](): true {
    return true;
  }

  readonly #executor: IoContextExecutor;

  /** A context with an empty queue, not stopped. */
  constructor() {
    super();
    this.#executor = new IoContextExecutor(this);
  }

  /**
   * The context's executor (Asio's `io_context::get_executor`): the same object every call, so
   * executors compare with `===`.
   *
   * @example
   * ```ts
   * import { IoContext, bindExecutor, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const ex = ioc.getExecutor();
   * console.log(ex === ioc.getExecutor(), ex.context() === ioc); // true true
   * post(bindExecutor(ex, () => console.log('runs inside ioc.run()')));
   * await ioc.run();
   * ```
   */
  getExecutor(): IoContextExecutor {
    return this.#executor;
  }

}

/**
 * The executor of an `IoContext` (Asio's `io_context::executor_type`): its handlers run inside
 * the context's `run()` / `poll()`, and the work it counts keeps `run()` going. Get it with
 * `ioc.getExecutor()`.
 *
 * @example
 * ```ts
 * import { IoContext, bindExecutor, dispatch } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const ex = ioc.getExecutor();
 * dispatch(bindExecutor(ex, () => console.log('inside run():', ex.runningInThisThread()))); // inside run(): true
 * await ioc.run();
 * ```
 */
export class IoContextExecutor implements Executor {
  readonly #context: IoContext;

  /** The executor of `context`; prefer `context.getExecutor()`, which is always the same object. */
  constructor(context: IoContext) {
    if (!(context instanceof IoContext)) throw new TypeError(`context must be an IoContext, got ${describe(context)}`);
    this.#context = context;
  }

  /**
   * The context the executor belongs to (Asio's `executor_type::context`).
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * console.log(ioc.getExecutor().context() === ioc); // true
   * ```
   */
  context(): IoContext {
    return this.#context;
  }

  /**
   * Queue `fn` on the context, to run inside `run()` / `poll()`, never inside this call (Asio's
   * `executor_type::post`). The queued function counts as work.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * ioc.getExecutor().post(() => console.log('ran'));
   * console.log(ioc.poll()); // ran, then 1
   * ```
   */
  post(fn: () => void): void {
    checkFunction('fn', fn);
    this.#context.enqueue(fn);
  }

  /**
   * Queue `fn` as a continuation of the current handler (Asio's `executor_type::defer`); here
   * the same as `post`.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const ex = ioc.getExecutor();
   * ex.post(() => ex.defer(() => console.log('continuation')));
   * await ioc.run();
   * ```
   */
  defer(fn: () => void): void {
    checkFunction('fn', fn);
    this.#context.enqueue(fn);
  }

  /**
   * Run `fn` at once when called from a handler of this context, else queue it (Asio's
   * `executor_type::dispatch`).
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const ex = ioc.getExecutor();
   * ex.post(() => {
   *   ex.dispatch(() => console.log('first: runs inside the current handler'));
   *   console.log('second');
   * });
   * await ioc.run();
   * ```
   */
  dispatch(fn: () => void): void {
    checkFunction('fn', fn);
    if (this.#context.runningHere()) fn();
    else this.#context.enqueue(fn);
  }

  /**
   * Count one more piece of outstanding work: `run()` keeps going until it is finished (Asio's
   * `executor_type::on_work_started`). Prefer a `WorkGuard`, which cannot finish twice.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const ex = ioc.getExecutor();
   * ex.onWorkStarted();
   * setTimeout(() => ex.onWorkFinished(), 10);
   * await ioc.run(); // returns after about 10 ms
   * ```
   */
  onWorkStarted(): void {
    this.#context.workStarted();
  }

  /**
   * Count one piece of outstanding work as done (Asio's `executor_type::on_work_finished`); the
   * last one stops the context.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const ex = ioc.getExecutor();
   * ex.onWorkStarted();
   * ex.onWorkFinished();
   * console.log(ioc.stopped()); // true: out of work
   * ```
   */
  onWorkFinished(): void {
    this.#context.workFinished();
  }

  /**
   * True while a handler of this context is running on the current call stack (Asio's
   * `executor_type::running_in_this_thread`).
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const ex = ioc.getExecutor();
   * ex.post(() => console.log(ex.runningInThisThread())); // true
   * console.log(ex.runningInThisThread()); // false
   * await ioc.run();
   * ```
   */
  runningInThisThread(): boolean {
    return this.#context.runningHere();
  }
}

brandExecutor(IoContextExecutor.prototype);
