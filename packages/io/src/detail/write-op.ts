import {
  associatedCancellationSlot,
  associatedExecutor,
  CancellationState,
  CancellationType,
  enablePartialCancellation,
  errors,
  fromNodeError,
  getAssociatedCancellationSlot,
  HandlerWork,
  makeError,
  SystemError,
  withAssociationsOf,
} from '@asio-ts/core';
import type { AsyncWriteStream, WriteHandler } from '../async-write-stream.js';
import type { CompletionCondition } from '../completion-condition.js';
import { checkForCompletion } from './base-from-completion-cond.js';
import type { BufferList } from './buffer-list.js';
import { ConsumingBuffers } from './consuming-buffers.js';

/** What a dynamic buffer must offer the write op: consuming what was written, at completion. */
interface Consumable {
  consume(n: number): void;
}

function toSystemError(err: unknown): SystemError | null {
  if (err === null || err === undefined) return null;
  return err instanceof SystemError ? err : fromNodeError(err);
}

/**
 * The composed write (Asio's `write_op`): loops `asyncWriteSome` until the buffers are written,
 * the condition says stop, an error occurs, or cancellation arrives between chunks. One
 * intermediate handler per operation (not per chunk) carries the final handler's executor,
 * immediate executor and the filtered cancellation slot. A stream that completes inside
 * `asyncWriteSome` is handled by looping here rather than recursing.
 */
export class WriteOp {
  readonly #stream: AsyncWriteStream;
  readonly #buffers: ConsumingBuffers;
  readonly #condition: CompletionCondition;
  readonly #handler: WriteHandler;
  readonly #dynamic: Consumable | null;
  readonly #work: HandlerWork;
  // Null when the handler has no connected slot: nothing can cancel the operation.
  readonly #state: CancellationState | null;
  readonly #intermediate: WriteHandler;
  #initiating = true;
  #abandoned = false;
  #pending = false;
  #inCall = false;
  #syncDone = false;
  #syncError: unknown = null;
  #syncBytes = 0;
  #prepared = 0;

  constructor(
    stream: AsyncWriteStream,
    buffers: BufferList,
    condition: CompletionCondition,
    handler: WriteHandler,
    dynamic: Consumable | null,
  ) {
    this.#stream = stream;
    this.#buffers = ConsumingBuffers.fromChecked(buffers);
    this.#condition = condition;
    this.#handler = handler;
    this.#dynamic = dynamic;
    this.#work = new HandlerWork(handler, stream.getExecutor());
    const slot = getAssociatedCancellationSlot(handler);
    this.#state = slot.isConnected() ? new CancellationState(slot, enablePartialCancellation) : null;
    const intermediate = withAssociationsOf((err: SystemError | null, n: number) => this.#onWriteSome(err, n), handler);
    // Only what differs from the stream's own defaults is set, keeping the common case cheap.
    const carrier = intermediate as unknown as Record<symbol, unknown>;
    if (this.#work.executor !== this.#work.ioExecutor) carrier[associatedExecutor] = this.#work.executor;
    if (this.#state !== null) carrier[associatedCancellationSlot] = this.#state.slot();
    this.#intermediate = intermediate;
  }

  start(): void {
    try {
      this.#issue(checkForCompletion(this.#condition, null, 0));
    } catch (e) {
      this.#abandon();
      throw e;
    } finally {
      this.#initiating = false;
    }
  }

  /**
   * An exception left the operation (a programmer error from the condition or the stream, or the
   * final handler throwing when run inline): like Asio's write_op destroyed during unwinding, give
   * back the work and the cancellation slot so the context can still run out of work, and ignore
   * any later completion of the chunk in flight.
   */
  #abandon(): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    this.#pending = false;
    this.#state?.detach();
    this.#work.reset();
  }

  #issue(maxSize: number): void {
    for (;;) {
      const chunk = this.#buffers.prepare(maxSize);
      this.#prepared = this.#buffers.preparedSize();
      this.#pending = true;
      this.#syncDone = false;
      this.#inCall = true;
      try {
        this.#stream.asyncWriteSome(chunk, this.#intermediate);
      } finally {
        this.#inCall = false;
      }
      if (!this.#syncDone) return;
      maxSize = this.#afterWrite(this.#syncError, this.#syncBytes);
      if (maxSize === 0) return;
    }
  }

  #onWriteSome(err: unknown, n: number): void {
    if (this.#abandoned) return;
    if (!this.#pending) throw new Error('AsyncWriteStream called an asyncWriteSome handler twice');
    this.#pending = false;
    if (this.#inCall) {
      this.#syncDone = true;
      this.#syncError = err;
      this.#syncBytes = n;
      return;
    }
    try {
      const maxSize = this.#afterWrite(err, n);
      if (maxSize > 0) this.#issue(maxSize);
    } catch (e) {
      this.#abandon();
      throw e;
    }
  }

  /** Account for one chunk; returns the next chunk's limit, or 0 once the operation completed. */
  #afterWrite(rawError: unknown, n: number): number {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.#prepared) {
      throw new RangeError(`bytesTransferred reported by asyncWriteSome must be an integer from 0 to ${this.#prepared}, got ${n}`);
    }
    const err = toSystemError(rawError);
    this.#buffers.consume(n);
    if ((err === null && n === 0) || this.#buffers.empty()) return this.#finish(err);
    const maxSize = checkForCompletion(this.#condition, err, this.#buffers.totalConsumed());
    if (maxSize === 0) return this.#finish(err);
    const state = this.#state;
    if (state !== null) {
      if (state.cancelled() !== CancellationType.None) return this.#finish(makeError(errors.operationAborted));
      state.slot().clear();
    }
    return maxSize;
  }

  #finish(err: SystemError | null): 0 {
    this.#state?.detach();
    const total = this.#buffers.totalConsumed();
    // Only what the stream took leaves a dynamic buffer; after an error the rest stays.
    if (this.#dynamic !== null) this.#dynamic.consume(total);
    const handler = this.#handler;
    const deliver = (): void => handler(err, total);
    if (this.#initiating) this.#work.completeImmediately(handler, deliver);
    // After a cancellation, always queued: should the stream have completed its chunk inside
    // `CancellationSignal.emit`, the final handler still never runs there.
    else if (this.#state !== null && this.#state.cancelled() !== CancellationType.None) this.#work.completePosted(deliver);
    else this.#work.complete(deliver);
    return 0;
  }
}
