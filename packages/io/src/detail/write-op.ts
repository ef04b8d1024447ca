import {
  associatedCancellationSlot,
  associatedExecutor,
  CancellationState,
  CancellationType,
  enablePartialCancellation,
  errors,
  fromNodeError,
  getAssociatedCancellationSlot,
  associatedImmediateExecutor,
  HandlerWork,
  makeError,
  SystemError,
  systemExecutor,
  unconnectedSlot,
  type Associations,
  type CancellationSlot,
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
// Flag bits of `WriteOp.#flags` (one field instead of five booleans, to keep the op small).
const initiating = 1;
const abandoned = 2;
const pending = 4;
const inCall = 8;
const syncDone = 16;

export class WriteOp extends HandlerWork {
  readonly #stream: AsyncWriteStream;
  // Exactly one of `#single` / `#sequence` is set: one Uint8Array is walked here directly,
  // with no ConsumingBuffers object.
  readonly #single: Uint8Array | null;
  readonly #sequence: ConsumingBuffers | null;
  readonly #condition: CompletionCondition;
  readonly #handler: WriteHandler;
  readonly #dynamic: Consumable | null;
  // Null when the handler has no connected slot: nothing can cancel the operation.
  readonly #state: CancellationState | null;
  readonly #intermediate: WriteHandler;
  #flags: number;
  #consumed: number;
  #prepared: number;
  #syncError: unknown;
  #syncBytes: number;

  constructor(
    stream: AsyncWriteStream,
    buffers: BufferList,
    condition: CompletionCondition,
    handler: WriteHandler,
    dynamic: Consumable | null,
  ) {
    // The op is its own HandlerWork: one object per operation instead of two.
    super(handler, stream.getExecutor());
    this.#stream = stream;
    if (buffers instanceof Uint8Array) {
      this.#single = buffers;
      this.#sequence = null;
    } else {
      this.#single = null;
      this.#sequence = ConsumingBuffers.fromChecked(buffers);
    }
    this.#condition = condition;
    this.#handler = handler;
    this.#dynamic = dynamic;
    this.#flags = initiating;
    this.#consumed = 0;
    this.#prepared = 0;
    this.#syncError = null;
    this.#syncBytes = 0;
    // The final handler's associations (as `withAssociationsOf` copies them), read once.
    const from = handler as Associations;
    const ownSlot = from[associatedCancellationSlot];
    const slot: CancellationSlot = ownSlot ?? unconnectedSlot;
    const state = slot.isConnected() ? new CancellationState(slot, enablePartialCancellation) : null;
    this.#state = state;
    const intermediate = (err: SystemError | null, n: number): void => this.#onWriteSome(err, n);
    // Only what differs from the stream's own defaults is set, keeping the common case cheap.
    const carrier = intermediate as Associations;
    const executor = from[associatedExecutor];
    if (this.executor !== this.ioExecutor) carrier[associatedExecutor] = this.executor;
    else if (executor !== undefined) carrier[associatedExecutor] = executor;
    if (state !== null) carrier[associatedCancellationSlot] = state.slot();
    else if (ownSlot !== undefined) carrier[associatedCancellationSlot] = ownSlot;
    const immediate = from[associatedImmediateExecutor];
    if (immediate !== undefined) carrier[associatedImmediateExecutor] = immediate;
    this.#intermediate = intermediate;
  }

  start(): void {
    try {
      this.#issue(checkForCompletion(this.#condition, null, 0));
    } catch (e) {
      this.#abandon();
      throw e;
    } finally {
      this.#flags &= ~initiating;
    }
  }

  /**
   * An exception left the operation (a programmer error from the condition or the stream, or the
   * final handler throwing when run inline): like Asio's write_op destroyed during unwinding, give
   * back the work and the cancellation slot so the context can still run out of work, and ignore
   * any later completion of the chunk in flight.
   */
  #abandon(): void {
    if ((this.#flags & abandoned) !== 0) return;
    this.#flags = (this.#flags | abandoned) & ~pending;
    this.#state?.detach();
    this.reset();
  }

  /** Views of at most `maxSize` of the next bytes; sets `#prepared`. */
  #prepare(maxSize: number): Uint8Array | Uint8Array[] {
    const single = this.#single;
    if (single === null) {
      const sequence = this.#sequence!;
      const chunk = sequence.prepare(maxSize);
      this.#prepared = sequence.preparedSize();
      return chunk;
    }
    const start = this.#consumed;
    const length = single.length;
    if (start === 0 && maxSize >= length) {
      this.#prepared = length;
      return single;
    }
    const n = Math.min(maxSize, length - start);
    this.#prepared = n;
    return single.subarray(start, start + n);
  }

  #issue(maxSize: number): void {
    for (;;) {
      const chunk = this.#prepare(maxSize);
      this.#flags = (this.#flags | pending | inCall) & ~syncDone;
      try {
        this.#stream.asyncWriteSome(chunk, this.#intermediate);
      } finally {
        this.#flags &= ~inCall;
      }
      if ((this.#flags & syncDone) === 0) return;
      maxSize = this.#afterWrite(this.#syncError, this.#syncBytes);
      if (maxSize === 0) return;
    }
  }

  #onWriteSome(err: unknown, n: number): void {
    const flags = this.#flags;
    if ((flags & abandoned) !== 0) return;
    if ((flags & pending) === 0) throw new Error('AsyncWriteStream called an asyncWriteSome handler twice');
    if ((flags & inCall) !== 0) {
      this.#flags = (flags & ~pending) | syncDone;
      this.#syncError = err;
      this.#syncBytes = n;
      return;
    }
    this.#flags = flags & ~pending;
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
    // `n` is at most what was prepared, so never more than what is left.
    const consumed = (this.#consumed += n);
    const single = this.#single;
    let empty: boolean;
    if (single !== null) empty = consumed >= single.length;
    else {
      const sequence = this.#sequence!;
      sequence.consume(n);
      empty = sequence.empty();
    }
    if ((err === null && n === 0) || empty) return this.#finish(err);
    const maxSize = checkForCompletion(this.#condition, err, consumed);
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
    const total = this.#consumed;
    // Only what the stream took leaves a dynamic buffer; after an error the rest stays.
    if (this.#dynamic !== null) this.#dynamic.consume(total);
    const handler = this.#handler;
    const work: HandlerWork = this;
    const state = this.#state;
    if ((this.#flags & initiating) !== 0) work.completeImmediately(handler, () => handler(err, total));
    // After a cancellation, always queued: should the stream have completed its chunk inside
    // `CancellationSignal.emit`, the final handler still never runs there.
    else if (state !== null && state.cancelled() !== CancellationType.None) work.completePosted(() => handler(err, total));
    else if (work.executor === systemExecutor) {
      // What `work.complete` does when the handler's executor is the system executor (whose
      // dispatch runs the function at once), without a closure to hand it.
      try {
        handler(err, total);
      } finally {
        work.reset();
      }
    } else work.complete(() => handler(err, total));
    return 0;
  }
}
