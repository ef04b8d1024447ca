import { associatedImmediateExecutor, type Associations } from './associations.js';
import { associatedExecutorOf } from './detail/associated.js';
import { isExecutor, type Executor } from './executor.js';
import { checkFunction, describe } from './detail/check.js';
import { schedule } from './detail/schedule.js';

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
    if (!isExecutor(ioExecutor)) throw new TypeError(`ioExecutor must be an executor, got ${describe(ioExecutor)}`);
    this.ioExecutor = ioExecutor;
    this.executor = associatedExecutorOf(handler, ioExecutor);
    ioExecutor.onWorkStarted();
    if (this.executor !== ioExecutor) this.executor.onWorkStarted();
  }

  /** Deliver `fn` (which calls the handler) through the handler's executor, then release work. */
  complete(fn: () => void): void {
    checkFunction('fn', fn);
    try {
      this.executor.dispatch(fn);
    } finally {
      // Released even if the handler ran inline and threw, as Asio's RAII work guards are.
      this.reset();
    }
  }

  /**
   * Deliver through the handler's executor, always queued: for completions caused by a
   * cancellation, so the handler never runs inside `CancellationSignal.emit` (Asio queues
   * cancelled operations the same way).
   */
  completePosted(fn: () => void): void {
    checkFunction('fn', fn);
    // The work stays held until the handler ran: the executor it is posted to may not be the
    // I/O executor whose context is waiting for it.
    this.executor.post(() => {
      try {
        fn();
      } finally {
        this.reset();
      }
    });
  }

  /**
   * Deliver for an operation that finished inside its initiating function (Asio's
   * `handler_work::immediate`). With no associated immediate executor: post to the I/O executor,
   * then run on the handler's associated executor. With one: dispatch on it, and run on the
   * handler's associated executor if it has one, else right there (so
   * `bindImmediateExecutor(inlineExecutor, h)` runs `h` inside the call).
   */
  completeImmediately(handler: unknown, fn: () => void): void {
    checkFunction('fn', fn);
    const immediate = (handler as Associations | null | undefined)?.[associatedImmediateExecutor];
    try {
      if (immediate === undefined) schedule('post', this.ioExecutor, fn, handler);
      else schedule('dispatch', immediate, fn, handler);
    } finally {
      this.reset();
    }
  }

  reset(): void {
    if (this.#owns) {
      this.#owns = false;
      this.ioExecutor.onWorkFinished();
      if (this.executor !== this.ioExecutor) this.executor.onWorkFinished();
    }
  }
}
