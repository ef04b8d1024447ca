import {
  getAssociatedCancellationSlot,
  HandlerWork,
  type CancellationHandler,
  type CancellationSlot,
  type CancellationType,
  type Executor,
  type Handler,
  type Signature,
} from '@asio-ts/core';

/**
 * One operation waiting in an I/O object's queue (an accept, a receive, a resolve, a signal
 * wait): its `HandlerWork`, which owns delivery and work, and its listener on the handler's
 * cancellation slot, released before the handler is delivered so that a completed operation
 * leaves no slot handler behind.
 */
export class PendingOp<S extends Signature> {
  readonly work: HandlerWork<S>;
  #slot: CancellationSlot | null = null;
  #onCancel: CancellationHandler | null = null;

  constructor(handler: Handler<S>, executor: Executor) {
    this.work = new HandlerWork(handler, executor);
  }

  /**
   * Take per-operation cancellation of the types in `mask` from the handler's slot, if it has
   * one: `cancel(type)` is called (inside `CancellationSignal.emit`; completing there is queued
   * by HandlerWork).
   */
  listen(mask: CancellationType, cancel: (type: CancellationType) => void): void {
    const slot = getAssociatedCancellationSlot(this.work.handler);
    if (!slot.isConnected()) return;
    const onCancel: CancellationHandler = (type) => {
      if ((type & mask) !== 0) cancel(type);
    };
    this.#slot = slot;
    this.#onCancel = onCancel;
    slot.assign(onCancel);
  }

  /** Deliver through HandlerWork (see its rules). */
  complete(...args: S): void {
    this.#release();
    this.work.complete(...args);
  }

  /** Deliver queued: the completion was caused by a user call (`cancel()`, `close()`, ...). */
  completePosted(...args: S): void {
    this.#release();
    this.work.completePosted(...args);
  }

  #release(): void {
    if (this.#slot !== null) {
      this.#slot.release(this.#onCancel!);
      this.#slot = null;
      this.#onCancel = null;
    }
  }
}

/** Remove `op` from `queue` (FIFO order kept); true when it was there. */
export function removeFrom<T>(queue: T[], op: T): boolean {
  const i = queue.indexOf(op);
  if (i === -1) return false;
  queue.splice(i, 1);
  return true;
}
