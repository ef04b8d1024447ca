import type { ExecutionContext, Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, describe } from './detail/check.js';
import { Scheduler } from './detail/scheduler.js';

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
export class IoContext implements ExecutionContext {
  /** True for the contexts of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, IoContext, ioContextBrand, x);
  }

  /** @internal */
  get [ioContextBrand](): true {
    return true;
  }

  /** The handler queue and its run loop (`detail/scheduler.ts`). */
  readonly #scheduler = new Scheduler();
  readonly #executor: IoContextExecutor;

  /** A context with an empty queue, not stopped. */
  constructor() {
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

  /**
   * Run handlers until no work is outstanding or `stop()` is called; resolves with how many ran.
   * It shares the host's thread as the system executor does (`detail/host.ts`): it runs on, and
   * wakes for new work on a microtask, while the host had a macrotask turn recently, and yields
   * a macrotask turn once 1,024 handlers (counted across every queue) ran without one. Asio's
   * `io_context::run`, as a promise: the caller awaits it instead of blocking a thread.
   *
   * @example
   * ```ts
   * import { IoContext, makeWorkGuard, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const guard = makeWorkGuard(ioc); // keeps run() going while the queue is empty
   * setTimeout(() => post(ioc, () => guard.reset()), 10);
   * console.log(await ioc.run()); // 1, after about 10 ms
   * ```
   */
  run(): Promise<number> {
    return this.#scheduler.run();
  }

  /**
   * Run at most one handler, waiting for one if work is outstanding; resolves with 0 or 1
   * (Asio's `io_context::run_one`).
   *
   * @example
   * ```ts
   * import { IoContext, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * post(ioc, () => console.log('one'));
   * post(ioc, () => console.log('two'));
   * console.log(await ioc.runOne()); // one, then 1; 'two' is still queued
   * ```
   */
  runOne(): Promise<number> {
    return this.#scheduler.runOne();
  }

  /**
   * Run every handler that is ready, without waiting; returns how many ran (Asio's
   * `io_context::poll`). Handlers queued by those handlers run too.
   *
   * @example
   * ```ts
   * import { IoContext, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * post(ioc, () => post(ioc, () => console.log('queued by a handler')));
   * console.log(ioc.poll()); // 2
   * ```
   */
  poll(): number {
    return this.#scheduler.poll();
  }

  /**
   * Run at most one ready handler, without waiting; returns 0 or 1 (Asio's
   * `io_context::poll_one`).
   *
   * @example
   * ```ts
   * import { IoContext, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * post(ioc, () => console.log('ran'));
   * console.log(ioc.pollOne(), ioc.pollOne()); // ran, then 1 0
   * ```
   */
  pollOne(): number {
    return this.#scheduler.pollOne();
  }

  /**
   * Make `run()` and friends return as soon as possible (Asio's `io_context::stop`). Queued
   * handlers stay queued, for a `run()` after `restart()`.
   *
   * @example
   * ```ts
   * import { IoContext, makeWorkGuard } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * makeWorkGuard(ioc); // run() would never run out of work
   * setTimeout(() => ioc.stop(), 100);
   * await ioc.run();
   * console.log(ioc.stopped()); // true
   * ```
   */
  stop(): void {
    this.#scheduler.stop();
  }

  /**
   * True once `stop()` was called or `run()` ran out of work, until `restart()` (Asio's
   * `io_context::stopped`).
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * await ioc.run(); // no work: returns at once
   * console.log(ioc.stopped()); // true
   * ```
   */
  stopped(): boolean {
    return this.#scheduler.stopped();
  }

  /**
   * Allow `run()` again after it stopped or ran out of work (Asio's `io_context::restart`).
   *
   * @example
   * ```ts
   * import { IoContext, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * post(ioc, () => console.log('first batch'));
   * await ioc.run();
   * ioc.restart();
   * post(ioc, () => console.log('second batch'));
   * await ioc.run();
   * ```
   */
  restart(): void {
    this.#scheduler.restart();
  }

  /** @internal */ enqueue(fn: () => void): void {
    this.#scheduler.enqueue(fn);
  }

  /** @internal */ workStarted(): void {
    this.#scheduler.workStarted();
  }

  /** @internal */ workFinished(): void {
    this.#scheduler.workFinished();
  }

  /** @internal */ runningHere(): boolean {
    return this.#scheduler.runningHere();
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
