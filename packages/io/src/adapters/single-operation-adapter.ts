/**
 * The implementation every stream adapter (`fromWritable`, `fromFileHandle`, `fromWebWritable`,
 * `fromReadable`, `fromWebReadable`, and both halves of `fromDuplex`) shares for its stream
 * operations: the token entry point, the one-operation-in-flight guard (`alreadyStarted`), work
 * tracking on the I/O executor, the cancellation-slot plumbing and the exactly-once delivery of
 * the handler, never inside the initiating call nor inside `CancellationSignal.emit`. An adapter
 * supplies only how to start an operation on its sink or source, what makes one fail at once,
 * and what cancellation does; one that reads and writes holds one per direction. The option
 * checks are in `adapter-options.ts`, the public types in `stream-adapter.ts`; the positional
 * operations (`asyncReadSomeAt`, `asyncWriteSomeAt`), which may overlap, are in
 * `positional-operation.ts`.
 */
import {
  asyncInitiate,
  CancellationType,
  checkToken,
  deferred,
  errors,
  fromNodeError,
  getAssociatedCancellationSlot,
  HandlerWork,
  isTokenObject,
  makeError,
  type CancellationHandler,
  type CancellationSlot,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import type { ConstBufferSequence } from '../buffers/buffer.js';
import { checkBufferSequence } from '../detail/check.js';
import type { WriteHandler, WriteSignature } from '../write/async-write-stream.js';

/** Reads and writes complete alike: `(err, bytesTransferred)`. */
type TransferHandler = WriteHandler;

/**
 * What every adapter shares, reads and writes alike: one operation at a time. Subclasses
 * implement `operationFailure` (why an operation cannot start now, or null), `startOperation`
 * (hand the buffers to the sink or source; call `complete` later, exactly as it reports) and,
 * when they support it, `cancelOperation` (the answer to a cancellation of a type in
 * `cancelMask`; it must end with `complete`).
 */
export abstract class SingleOperationAdapter {
  readonly #executor: Executor;
  readonly #cancelMask: CancellationType;
  readonly #keepsBuffers: boolean;
  // The operation in flight; null when idle.
  #work: HandlerWork<WriteSignature> | null = null;
  #slot: CancellationSlot | null = null;
  // Bound once per adapter: only one operation is ever in flight, so these need no per-operation state.
  readonly #onCancel: CancellationHandler = (type) => {
    // What `cancelOperation` completes is queued by HandlerWork: this runs inside
    // `CancellationSignal.emit`.
    if (this.#work !== null && (type & this.#cancelMask) !== 0) this.cancelOperation(type);
  };
  readonly #initiate = (handler: TransferHandler, buffers: BufferList): void => this.#start(handler, buffers);

  /**
   * `keepsBuffers`: the subclass holds on to the buffer array after `startOperation` returned
   * (a read filled later), so it needs its own copy even when the operation starts at once.
   */
  protected constructor(executor: Executor, cancelMask: CancellationType, keepsBuffers = false) {
    this.#executor = executor;
    this.#cancelMask = cancelMask;
    this.#keepsBuffers = keepsBuffers;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  /** The token entry point shared by `asyncWriteSome` and `asyncReadSome`. */
  protected initiate(buffers: ConstBufferSequence, token: unknown): unknown {
    if (typeof token === 'function' && !isTokenObject(token)) {
      // Started now and, unless the subclass keeps them, done with the array when this returns:
      // no copy of it.
      this.#start(token as TransferHandler, checkBufferSequence('buffers', buffers, this.#keepsBuffers));
      return undefined;
    }
    // Copied (the array, not the bytes): a lazy token may start after the caller reused it.
    const list = checkBufferSequence('buffers', buffers, true);
    if (token === undefined) token = deferred;
    else checkToken('token', token);
    return asyncInitiate<WriteSignature, unknown, [BufferList]>(this.#initiate, token, list);
  }

  /** True while an operation is in flight. */
  protected inFlight(): boolean {
    return this.#work !== null;
  }

  /** Why an operation cannot start now (the sink is closed, errored, ...), or null. */
  protected abstract operationFailure(): SystemError | null;

  /**
   * Hand `buffers` (`size` > 0 bytes) over. Exceptions count as the operation's failure. Unless
   * the adapter was built with `keepsBuffers`, the array may be the caller's own: read it now,
   * keep no reference to it.
   */
  protected abstract startOperation(buffers: BufferList, size: number): void;

  /** A cancellation of a type in `cancelMask` arrived for the operation in flight. */
  protected cancelOperation(_type: CancellationType): void {}

  /** `startOperation` threw `err` (a custom sink's own code): by default the operation fails with it. */
  protected startFailed(err: SystemError): void {
    this.complete(err, 0);
  }

  /**
   * Finish the operation in flight: release the cancellation slot and hand `(err, n)` to
   * HandlerWork, which decides how it reaches the handler. Does nothing when no operation is in
   * flight, so late reports from the sink are harmless.
   */
  protected complete(err: SystemError | null, n: number): void {
    const work = this.#work;
    if (work === null) return;
    this.#work = null;
    const slot = this.#slot;
    if (slot !== null) {
      this.#slot = null;
      slot.release(this.#onCancel);
    }
    work.complete2(err, n);
  }

  #start(handler: TransferHandler, buffers: BufferList): void {
    const work = new HandlerWork(handler, this.#executor);
    if (this.#work !== null) return work.complete2(makeError(errors.alreadyStarted), 0);
    const failure = this.operationFailure();
    if (failure !== null) return work.complete2(failure, 0);
    const size = sizeOfList(buffers);
    if (size === 0) return work.complete2(null, 0);
    this.#work = work;
    if (this.#cancelMask !== CancellationType.None) {
      const slot = getAssociatedCancellationSlot(handler);
      if (slot.isConnected()) {
        this.#slot = slot;
        slot.assign(this.#onCancel);
      }
    }
    try {
      this.startOperation(buffers, size);
    } catch (e) {
      // The sink threw (a custom stream's own code): an operational failure of this operation.
      if (this.#work !== work) throw e;
      this.startFailed(fromNodeError(e));
    }
    work.started();
  }
}
