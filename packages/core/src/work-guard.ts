import { describe } from './detail/check.js';
import { isExecutor, toExecutor, type Executor, type ExecutorOrContext } from './executor.js';

/** Holds outstanding work on an executor until `reset()` (Asio's `executor_work_guard`). */
export class WorkGuard {
  readonly #executor: Executor;
  #owns = true;

  constructor(executor: Executor) {
    if (!isExecutor(executor)) throw new TypeError(`executor must be an executor, got ${describe(executor)}`);
    this.#executor = executor;
    executor.onWorkStarted();
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  ownsWork(): boolean {
    return this.#owns;
  }

  /** Release the work; idempotent. */
  reset(): void {
    if (this.#owns) {
      this.#owns = false;
      this.#executor.onWorkFinished();
    }
  }
}

/** Keep `executor`'s context running (not out of work) until the guard is reset. */
export function makeWorkGuard(executor: ExecutorOrContext): WorkGuard {
  return new WorkGuard(toExecutor('executor', executor));
}
