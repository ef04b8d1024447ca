import { Scheduler } from './scheduler.js';
import { timerQueue } from './timer-queue.js';
import { checkTime } from './timer-time.js';

/**
 * @internal The run-loop half of `IoContext` (Asio's `io_context` members that drive its
 * `detail::scheduler`), a base class so that `IoContext` and its executor, which name each
 * other, share one file while the run loop's API lives in this one.
 */
export abstract class RunLoop {
  /** The handler queue and its run loop (`detail/scheduler.ts`). */
  readonly #scheduler = new Scheduler();

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
   * Run handlers until no work is outstanding, `stop()` is called, or `ms` milliseconds have
   * passed; resolves with how many ran (Asio's `io_context::run_for`). Ending at the time limit
   * leaves the context running: `run()` or `runFor()` may be called again without `restart()`.
   * `ms` is any number but NaN (0 or less: nothing runs; `Infinity`: the same as `run()`).
   *
   * @example
   * ```ts
   * import { IoContext, SteadyTimer } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * new SteadyTimer(ioc, 10).asyncWait(() => console.log('10 ms'));
   * const minute = new SteadyTimer(ioc, 60_000);
   * minute.asyncWait(() => console.log('a minute'));
   * console.log(await ioc.runFor(100)); // 10 ms, then 1 (after 100 ms)
   * console.log(ioc.stopped()); // false: the minute-long wait is still pending
   * minute.cancel(); // (or the process waits the minute out)
   * ```
   */
  runFor(ms: number): Promise<number> {
    checkTime('ms', ms);
    return this.#scheduler.run(timerQueue().now() + ms);
  }

  /**
   * As `runFor`, until the time `t` on the `SteadyTimer.now()` clock (Asio's
   * `io_context::run_until`): no handler starts once `t` is reached.
   *
   * @example
   * ```ts
   * import { IoContext, SteadyTimer, makeWorkGuard } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * makeWorkGuard(ioc); // run() alone would never return
   * const deadline = SteadyTimer.now() + 50;
   * console.log(await ioc.runUntil(deadline), SteadyTimer.now() >= deadline); // 0 true
   * ```
   */
  runUntil(t: number): Promise<number> {
    checkTime('t', t);
    return this.#scheduler.run(t);
  }

  /**
   * Run at most one handler, waiting for one at most `ms` milliseconds; resolves with 0 or 1
   * (Asio's `io_context::run_one_for`). `ms` as for `runFor`.
   *
   * @example
   * ```ts
   * import { IoContext, SteadyTimer } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const minute = new SteadyTimer(ioc, 60_000);
   * minute.asyncWait(() => console.log('a minute'));
   * console.log(await ioc.runOneFor(20)); // 0, after 20 ms: no handler was ready in time
   * minute.cancel(); // (or the process waits the minute out)
   * ```
   */
  runOneFor(ms: number): Promise<number> {
    checkTime('ms', ms);
    return this.#scheduler.runOne(timerQueue().now() + ms);
  }

  /**
   * As `runOneFor`, until the time `t` on the `SteadyTimer.now()` clock (Asio's
   * `io_context::run_one_until`).
   *
   * @example
   * ```ts
   * import { IoContext, SteadyTimer, post } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * post(ioc, () => console.log('ready'));
   * console.log(await ioc.runOneUntil(SteadyTimer.now() + 1_000)); // ready, then 1 at once
   * ```
   */
  runOneUntil(t: number): Promise<number> {
    checkTime('t', t);
    return this.#scheduler.runOne(t);
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
