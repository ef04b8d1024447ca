/**
 * A `TestStream` read or write in manual mode: pending until `completePending()`, cancellable
 * meanwhile through its handler's slot.
 */
import { errors, getAssociatedCancellationSlot, makeError, CancellationType, type HandlerWork, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import type { WriteHandler, WriteSignature } from '../write/async-write-stream.js';

const cancelling = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/** One pending operation of a manual-mode `TestStream`. */
export class ManualOperation {
  readonly buffers: BufferList;
  readonly #handler: WriteHandler;
  readonly #work: HandlerWork<WriteSignature>;
  #onCancel: ((type: CancellationType) => void) | null = null;

  /**
   * Park the operation (its initiating call is about to return). On cancellation, `withdraw`
   * is asked to drop it from the stream, false when it is no longer pending there; it then
   * completes with operationAborted and 0 bytes, having taken nothing.
   */
  constructor(handler: WriteHandler, work: HandlerWork<WriteSignature>, buffers: BufferList, withdraw: (op: ManualOperation) => boolean) {
    this.buffers = buffers;
    this.#handler = handler;
    this.#work = work;
    const slot = getAssociatedCancellationSlot(handler);
    if (slot.isConnected()) {
      const onCancel = (type: CancellationType): void => {
        if ((type & cancelling) === 0 || !withdraw(this)) return;
        slot.release(onCancel);
        this.#onCancel = null;
        // HandlerWork queues it: this runs inside `CancellationSignal.emit`.
        work.complete(makeError(errors.operationAborted), 0);
      };
      this.#onCancel = onCancel;
      slot.assign(onCancel);
    }
    work.started();
  }

  /** Deliver the result (the operation is no longer pending on the stream). */
  complete(err: SystemError | null, n: number): void {
    if (this.#onCancel !== null) getAssociatedCancellationSlot(this.#handler).release(this.#onCancel);
    this.#onCancel = null;
    this.#work.complete(err, n);
  }
}
