// One `WriteQueue.asyncWrite` call while it waits or is in flight. It is its own HandlerWork (the
// owner of its completion), so a queued write is one object.
import {
  getAssociatedCancellationSlot,
  HandlerWork,
  type CancellationHandler,
  type CancellationSlot,
  type CancellationType,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import type { WriteHandler, WriteSignature } from './async-write-stream.js';

export const queued = 0;
export const inFlight = 1;
export const done = 2;

export class QueuedWrite extends HandlerWork<WriteSignature> {
  readonly buffers: BufferList;
  readonly size: number;
  state = queued;
  /** The result, once known. */
  err: SystemError | null = null;
  n = 0;
  #slot: CancellationSlot | null = null;
  #onCancel: CancellationHandler | null = null;

  constructor(handler: WriteHandler, ioExecutor: Executor, buffers: BufferList) {
    super(handler, ioExecutor);
    this.buffers = buffers;
    this.size = sizeOfList(buffers);
  }

  /** Pass the cancellation requests of the handler's slot to `onCancel`; a closure is made only for a connected slot. */
  listen(onCancel: (entry: QueuedWrite, type: CancellationType) => void): void {
    const slot = getAssociatedCancellationSlot(this.handler);
    if (!slot.isConnected()) return;
    const handler: CancellationHandler = (type) => onCancel(this, type);
    this.#slot = slot;
    this.#onCancel = handler;
    slot.assign(handler);
  }

  releaseSlot(): void {
    if (this.#slot !== null) {
      this.#slot.release(this.#onCancel!);
      this.#slot = null;
      this.#onCancel = null;
    }
  }
}
