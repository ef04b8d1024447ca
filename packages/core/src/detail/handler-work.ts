import { getAssociatedExecutor, getAssociatedImmediateExecutor } from '../associations.js';
import type { Executor } from '../executor.js';

/**
 * Work an operation holds while in flight (Asio's `handler_work`): on its I/O executor and on the
 * handler's associated executor, so an `IoContext` behind either keeps running until the handler
 * ran. `complete` delivers through the associated executor; `completeImmediately` through the
 * associated immediate executor (for completions that happen inside the initiating function).
 */
export class HandlerWork {
  readonly ioExecutor: Executor;
  readonly executor: Executor;
  #owns = true;

  constructor(handler: unknown, ioExecutor: Executor) {
    this.ioExecutor = ioExecutor;
    this.executor = getAssociatedExecutor(handler, ioExecutor);
    ioExecutor.onWorkStarted();
    if (this.executor !== ioExecutor) this.executor.onWorkStarted();
  }

  /** Deliver `fn` (which calls the handler) through the handler's executor, then release work. */
  complete(fn: () => void): void {
    this.executor.dispatch(fn);
    this.reset();
  }

  /** Deliver for an operation that finished inside its initiating function. */
  completeImmediately(handler: unknown, fn: () => void): void {
    const immediate = getAssociatedImmediateExecutor(handler, this.ioExecutor);
    const executor = this.executor;
    executor.onWorkStarted();
    immediate.dispatch(() => {
      executor.dispatch(fn);
      executor.onWorkFinished();
    });
    this.reset();
  }

  reset(): void {
    if (this.#owns) {
      this.#owns = false;
      this.ioExecutor.onWorkFinished();
      if (this.executor !== this.ioExecutor) this.executor.onWorkFinished();
    }
  }
}
