import type { Handler, Signature } from '../async-result.js';
import { associatedExecutorOf } from './associated.js';
import { checkFunction, describe } from './check.js';
import { initiating, released } from './work-phase.js';
import { isExecutor, type Executor } from '../executor.js';
import { HandlerWork } from '../handler-work.js';

/**
 * A HandlerWork that may own one operation after another, as Asio reuses an operation's memory
 * (its recycling allocator): once the work of its last operation was given back, no delivery
 * reads the object any more (one a dispatch queued holds the handler itself), and `recycle`
 * makes it the owner of a new operation, with what else the subclass keeps.
 */
export class RecyclableWork<S extends Signature = Signature> extends HandlerWork<S> {
  /** Whether the last operation is over: completed (or reset), its work given back. */
  recyclable(): boolean {
    return this.phase === released;
  }

  /** Own a new operation, for `handler`, on `ioExecutor`: only when `recyclable()`. */
  recycle(handler: Handler<S>, ioExecutor: Executor): void {
    checkFunction('handler', handler);
    if (!isExecutor(ioExecutor)) throw new TypeError(`ioExecutor must be an executor, got ${describe(ioExecutor)}`);
    if (this.phase !== released) throw new Error('RecyclableWork: recycled before its operation was over');
    // Stores into a long-lived object cost more while the GC marks: only what changed.
    (this as { handler: Handler<S> }).handler = handler;
    if (this.ioExecutor !== ioExecutor) (this as { ioExecutor: Executor }).ioExecutor = ioExecutor;
    const executor = associatedExecutorOf(handler, ioExecutor);
    if (this.executor !== executor) (this as { executor: Executor }).executor = executor;
    this.phase = initiating;
  }

  /**
   * While it waits to be recycled, let go of the last operation's handler and of the executor
   * that came with it, so a spare keeps nothing of it alive (the I/O executor is its owner's).
   */
  forget(): void {
    if (this.phase !== released) throw new Error('RecyclableWork: forget() before its operation was over');
    (this as { handler: Handler<S> }).handler = forgotten;
    if (this.executor !== this.ioExecutor) (this as { executor: Executor }).executor = this.ioExecutor;
  }
}

function forgotten(): void {}
