/**
 * What the stream adapters (`fromWritable`, `fromFileHandle`, `fromWebWritable`) share: the
 * argument and option checks, the token entry point, the one-write-in-flight guard
 * (`alreadyStarted`), work tracking on the I/O executor, the cancellation-slot plumbing and the
 * exactly-once, never-inside-the-call delivery of the handler. An adapter supplies only how to
 * start a write on its sink, what makes a write fail at once, and what terminal cancellation
 * does to the sink.
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
  systemExecutor,
  toExecutor,
  type AsyncResult,
  type CancellationHandler,
  type CancellationSlot,
  type CompletionToken,
  type DeferredOperation,
  type Executor,
  type ExecutorOrContext,
  type SystemError,
} from '@asio-ts/core';
import type { AsyncWriteStream, WriteHandler, WriteSignature } from '../async-write-stream.js';
import type { ConstBufferSequence } from '../buffer.js';
import { checkBufferSequence, describe, isUint8Array } from './check.js';

/** A checked buffer sequence: one buffer, or an array the caller can no longer change. */
export type BufferList = Uint8Array | readonly Uint8Array[];

/** The AsyncWriteStream every adapter is: `asyncWriteSome` takes any completion token. */
export interface AdapterWriteStream extends AsyncWriteStream {
  getExecutor(): Executor;
  /**
   * Write some of `buffers` (Asio's `async_write_some`); the handler gets `(err, bytesWritten)`.
   * The token defaults to `deferred`. At most one write may be in flight: a second one
   * completes with `errors.alreadyStarted` and leaves the first alone.
   */
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  // No default for `T` (see `asyncWrite`): an arrow-function handler must be typed as a handler.
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
}

/** Options every adapter takes. */
export interface AdapterOptions {
  /**
   * The I/O executor: where handlers run unless they carry their own, and where work is held
   * while a write is in flight (an `IoContext`'s `run()` waits for the write). Default:
   * `systemExecutor`.
   */
  executor?: ExecutorOrContext;
}

/** Throws a TypeError naming `options` unless it is undefined or an object. */
export function checkOptions<O extends object>(options: unknown): Partial<O> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object, got ${describe(options)}`);
  return options as Partial<O>;
}

/** The I/O executor an adapter's options name. */
export function optionsExecutor(options: AdapterOptions): Executor {
  return options.executor === undefined ? systemExecutor : toExecutor('options.executor', options.executor);
}

/** An optional boolean option. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}

/** Total size of a checked buffer sequence. */
export function sizeOfList(buffers: BufferList): number {
  if (isUint8Array(buffers)) return buffers.length;
  let n = 0;
  for (let i = 0; i < buffers.length; i++) n += buffers[i]!.length;
  return n;
}

/**
 * The bytes of one write that a sink confirms chunk by chunk (a Node write callback, a WHATWG
 * write promise per non-empty buffer, in order): so a failure part-way reports exactly the
 * bytes of the chunks confirmed before it.
 */
export class ChunkTally {
  #chunks: BufferList | null = null;
  #next = 0;
  #pending = 0;
  #confirmed = 0;

  /** Start tallying `chunks`; returns how many non-empty chunks the sink will confirm. */
  reset(chunks: BufferList): number {
    this.#chunks = chunks;
    this.#next = 0;
    this.#confirmed = 0;
    let count = 0;
    if (isUint8Array(chunks)) count = chunks.length > 0 ? 1 : 0;
    else for (let i = 0; i < chunks.length; i++) if (chunks[i]!.length > 0) count++;
    this.#pending = count;
    return count;
  }

  /** The sink confirmed its next chunk; true once every chunk is confirmed. */
  confirm(): boolean {
    const chunks = this.#chunks;
    if (chunks === null) return false;
    if (isUint8Array(chunks)) {
      this.#confirmed = chunks.length;
    } else {
      let i = this.#next;
      while (i < chunks.length && chunks[i]!.length === 0) i++;
      if (i < chunks.length) this.#confirmed += chunks[i]!.length;
      this.#next = i + 1;
    }
    return --this.#pending === 0;
  }

  /** Bytes confirmed so far. */
  confirmed(): number {
    return this.#confirmed;
  }

  /** Forget the chunks (no reference to the caller's memory outlives the write). */
  clear(): void {
    this.#chunks = null;
    this.#pending = 0;
  }
}

/** Reads and writes complete alike: `(err, bytesTransferred)`. */
type TransferHandler = WriteHandler;

/** An operation that fails as soon as it starts, with `err`. */
function completeNow(work: HandlerWork, handler: TransferHandler, err: SystemError | null): void {
  work.completeImmediately(handler, () => handler(err, 0));
}

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
  // The write in flight: its handler and work; null when idle.
  #handler: TransferHandler | null = null;
  #work: HandlerWork | null = null;
  #slot: CancellationSlot | null = null;
  #initiating = false;
  // Bound once per adapter: only one write is ever in flight, so these need no per-write state.
  readonly #onCancel: CancellationHandler = (type) => {
    if (this.#handler !== null && (type & this.#cancelMask) !== 0) this.cancelOperation(type);
  };
  readonly #initiate = (handler: TransferHandler, buffers: BufferList): void => this.#start(handler, buffers);

  protected constructor(executor: Executor, cancelMask: CancellationType) {
    this.#executor = executor;
    this.#cancelMask = cancelMask;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  /** The token entry point shared by `asyncWriteSome` and `asyncReadSome`. */
  protected initiate(buffers: ConstBufferSequence, token: unknown): unknown {
    // Copied (the array, not the bytes): a lazy token may start after the caller reused it.
    const list = checkBufferSequence('buffers', buffers, true);
    if (typeof token === 'function' && !isTokenObject(token)) {
      this.#start(token as TransferHandler, list);
      return undefined;
    }
    if (token === undefined) token = deferred;
    else checkToken('token', token);
    return asyncInitiate<WriteSignature, unknown, [BufferList]>(this.#initiate, token, list);
  }

  /** True while an operation is in flight. */
  protected inFlight(): boolean {
    return this.#handler !== null;
  }

  /** Why an operation cannot start now (the sink is closed, errored, ...), or null. */
  protected abstract operationFailure(): SystemError | null;

  /** Hand `buffers` (`size` > 0 bytes) over. Exceptions count as the operation's failure. */
  protected abstract startOperation(buffers: BufferList, size: number): void;

  /** A cancellation of a type in `cancelMask` arrived for the operation in flight. */
  protected cancelOperation(_type: CancellationType): void {}

  /** `startWrite` threw `err` (a custom sink's own code): by default the write fails with it. */
  protected startFailed(err: SystemError): void {
    this.complete(err, 0);
  }

  /**
   * Finish the write in flight: release the cancellation slot and deliver `(err, n)` through the
   * handler's executor (its immediate executor when still inside `asyncWriteSome`). Does
   * nothing when no write is in flight, so late reports from the sink are harmless.
   */
  protected complete(err: SystemError | null, n: number): void {
    const handler = this.#handler;
    if (handler === null) return;
    const work = this.#work!;
    this.#handler = null;
    this.#work = null;
    const slot = this.#slot;
    if (slot !== null) {
      this.#slot = null;
      slot.release(this.#onCancel);
    }
    const deliver = (): void => handler(err, n);
    if (this.#initiating) work.completeImmediately(handler, deliver);
    else work.complete(deliver);
  }

  #start(handler: TransferHandler, buffers: BufferList): void {
    const work = new HandlerWork(handler, this.#executor);
    if (this.#handler !== null) return completeNow(work, handler, makeError(errors.alreadyStarted));
    const failure = this.operationFailure();
    if (failure !== null) return completeNow(work, handler, failure);
    const size = sizeOfList(buffers);
    if (size === 0) return completeNow(work, handler, null);
    this.#handler = handler;
    this.#work = work;
    if (this.#cancelMask !== CancellationType.None) {
      const slot = getAssociatedCancellationSlot(handler);
      if (slot.isConnected()) {
        this.#slot = slot;
        slot.assign(this.#onCancel);
      }
    }
    this.#initiating = true;
    try {
      this.startOperation(buffers, size);
    } catch (e) {
      // The sink threw (a custom stream's own code): an operational failure of this write.
      if (this.#handler === null) throw e;
      this.startFailed(fromNodeError(e));
    } finally {
      this.#initiating = false;
    }
  }
}

/** Base of the write adapters: a single-operation adapter whose operation is `asyncWriteSome`. */
export abstract class AdapterBase extends SingleOperationAdapter implements AdapterWriteStream {
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSome(buffers: ConstBufferSequence, token?: unknown): unknown {
    return this.initiate(buffers, token);
  }
}
