import { describe } from './detail/check.js';
import { isExecutor, toExecutor, type Executor, type ExecutorOrContext } from './executor.js';

/**
 * Holds outstanding work on an executor until `reset()` (Asio's `executor_work_guard`), so an
 * `IoContext.run()` keeps going while nothing is queued. Made by `makeWorkGuard`.
 *
 * @example
 * ```ts
 * import { IoContext, makeWorkGuard, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const guard = makeWorkGuard(ioc);
 * const running = ioc.run(); // would return at once without the guard
 * setTimeout(() => post(ioc, () => { console.log('late work'); guard.reset(); }), 50);
 * await running;
 * ```
 */
export class WorkGuard {
  readonly #executor: Executor;
  #owns = true;

  /** Start holding work on `executor` (`onWorkStarted`). */
  constructor(executor: Executor) {
    if (!isExecutor(executor)) throw new TypeError(`executor must be an executor, got ${describe(executor)}`);
    this.#executor = executor;
    executor.onWorkStarted();
  }

  /**
   * The executor the work is held on (Asio's `executor_work_guard::get_executor`).
   *
   * @example
   * ```ts
   * import { IoContext, makeWorkGuard } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const guard = makeWorkGuard(ioc);
   * console.log(guard.getExecutor() === ioc.getExecutor()); // true
   * guard.reset();
   * ```
   */
  getExecutor(): Executor {
    return this.#executor;
  }

  /**
   * True until `reset()` (Asio's `executor_work_guard::owns_work`).
   *
   * @example
   * ```ts
   * import { IoContext, makeWorkGuard } from '@asio-ts/core';
   *
   * const guard = makeWorkGuard(new IoContext());
   * guard.reset();
   * console.log(guard.ownsWork()); // false
   * ```
   */
  ownsWork(): boolean {
    return this.#owns;
  }

  /**
   * Release the work (`onWorkFinished`); idempotent (Asio's `executor_work_guard::reset`).
   *
   * @example
   * ```ts
   * import { IoContext, makeWorkGuard } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const guard = makeWorkGuard(ioc);
   * guard.reset();
   * guard.reset(); // nothing more happens
   * await ioc.run(); // out of work: returns at once
   * ```
   */
  reset(): void {
    if (this.#owns) {
      this.#owns = false;
      this.#executor.onWorkFinished();
    }
  }
}

/**
 * Keep `executor`'s context running (not out of work) until the guard is reset (Asio's
 * `make_work_guard`).
 *
 * @example
 * ```ts
 * // Not run by the tests: it serves port 8080 until the server closes.
 * import { createServer } from 'node:net';
 * import { IoContext, makeWorkGuard, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const guard = makeWorkGuard(ioc); // run() lasts while the server is up, even with nothing queued
 * const server = createServer((socket) => post(ioc, () => socket.end('hello\n')));
 * server.on('close', () => guard.reset());
 * server.listen(8080);
 * await ioc.run(); // returns once the server closed and the queue is drained
 * ```
 */
export function makeWorkGuard(executor: ExecutorOrContext): WorkGuard {
  return new WorkGuard(toExecutor('executor', executor));
}
