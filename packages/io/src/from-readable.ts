import type { Readable } from 'node:stream';
import {
  asyncInitiate,
  CancellationType,
  checkToken,
  deferred,
  errors,
  fromNodeError,
  getAssociatedCancellationSlot,
  HandlerWork,
  makeError,
  type AsyncResult,
  type CancellationHandler,
  type CancellationSlot,
  type CompletionToken,
  type DeferredOperation,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import type { AsyncReadStream, ReadHandler, ReadSignature } from './async-read-stream.js';
import type { MutableBufferSequence } from './buffer.js';
import { checkOptions, optionsExecutor, type AdapterOptions } from './detail/adapter-base.js';
import { checkBufferSequence, describe, isUint8Array } from './detail/check.js';

export interface FromReadableOptions extends AdapterOptions {}

/** An AsyncReadStream over a Node `stream.Readable`; `asyncReadSome` takes any completion token. */
export interface ReadableReadStream extends AsyncReadStream {
  readonly readable: Readable;
  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
}

type BufferList = Uint8Array | readonly Uint8Array[];

interface PendingRead {
  handler: ReadHandler;
  work: HandlerWork;
  buffers: BufferList;
  slot: CancellationSlot | null;
}

function isReadable(x: unknown): x is Readable {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Readable).read === 'function' &&
    typeof (x as Readable).on === 'function' &&
    typeof (x as Readable).unshift === 'function'
  );
}

/** Copy from `chunk` into `buffers` starting at byte `offset` of the sequence; returns bytes copied. */
function fill(buffers: BufferList, offset: number, chunk: Uint8Array): number {
  const list: readonly Uint8Array[] = isUint8Array(buffers) ? [buffers] : buffers;
  let skip = offset;
  let copied = 0;
  for (const b of list) {
    if (copied === chunk.length) break;
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    const n = Math.min(b.length - skip, chunk.length - copied);
    b.set(chunk.subarray(copied, copied + n), skip);
    copied += n;
    skip = 0;
  }
  return copied;
}

function sizeOf(buffers: BufferList): number {
  if (isUint8Array(buffers)) return buffers.length;
  let n = 0;
  for (const b of buffers) n += b.length;
  return n;
}

class ReadableAdapter implements ReadableReadStream {
  readonly readable: Readable;
  readonly #executor: Executor;
  #pending: PendingRead | null = null;
  #ended = false;
  #error: SystemError | null = null;
  #initiating = false;
  readonly #onCancel: CancellationHandler = (type) => {
    if ((type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total)) !== 0) {
      // Nothing was taken from the stream yet, so any cancellation type leaves it intact.
      this.#finish(makeError(errors.operationAborted), 0);
    }
  };
  readonly #initiate = (handler: ReadHandler, buffers: BufferList): void => this.#start(handler, buffers);

  constructor(readable: Readable, executor: Executor) {
    this.readable = readable;
    this.#executor = executor;
    readable.on('readable', () => this.#pump());
    readable.on('end', () => {
      this.#ended = true;
      this.#pump();
    });
    readable.on('error', (e: unknown) => {
      this.#error = fromNodeError(e);
      this.#pump();
    });
    readable.on('close', () => {
      if (!this.#ended && this.#error === null) this.#error = makeError(errors.connectionReset, 'stream closed before its end');
      this.#pump();
    });
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: unknown): unknown {
    const list = checkBufferSequence('buffers', buffers, true);
    if (token === undefined) token = deferred;
    else checkToken('token', token);
    return asyncInitiate<ReadSignature, unknown, [BufferList]>(this.#initiate, token, list);
  }

  #start(handler: ReadHandler, buffers: BufferList): void {
    const work = new HandlerWork(handler, this.#executor);
    if (this.#pending !== null) {
      work.completeImmediately(handler, () => handler(makeError(errors.alreadyStarted), 0));
      return;
    }
    const slot = getAssociatedCancellationSlot(handler);
    this.#pending = { handler, work, buffers, slot: slot.isConnected() ? slot : null };
    if (this.#pending.slot !== null) slot.assign(this.#onCancel);
    this.#initiating = true;
    try {
      if (sizeOf(buffers) === 0) this.#finish(null, 0);
      else this.#pump();
    } finally {
      this.#initiating = false;
    }
  }

  /** Satisfy the pending read from what the stream has buffered, if anything. */
  #pump(): void {
    const pending = this.#pending;
    if (pending === null) return;
    const capacity = sizeOf(pending.buffers);
    let n = 0;
    while (n < capacity) {
      const chunk = this.readable.read() as Uint8Array | string | null;
      if (chunk === null) break;
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      const copied = fill(pending.buffers, n, bytes);
      n += copied;
      if (copied < bytes.length) this.readable.unshift(bytes.subarray(copied));
    }
    if (n > 0) this.#finish(null, n);
    else if (this.#error !== null) this.#finish(this.#error, 0);
    else if (this.#ended) this.#finish(makeError(errors.eof), 0);
  }

  #finish(err: SystemError | null, n: number): void {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null;
    pending.slot?.release(this.#onCancel);
    const { handler, work } = pending;
    const deliver = (): void => handler(err, n);
    if (this.#initiating) work.completeImmediately(handler, deliver);
    else work.complete(deliver);
  }
}

/**
 * Make a Node `stream.Readable` (a socket, a file stream, ...) an AsyncReadStream. The adapter
 * takes the stream over (it reads it in paused mode). `asyncReadSome` completes with the bytes
 * available (at most the buffers' size), with `errors.eof` at the end, or with the stream's error.
 * Cancellation of a pending read takes nothing from the stream and completes with
 * `operationAborted`. One read at a time: a second completes with `alreadyStarted`.
 */
export function fromReadable(readable: Readable, options?: FromReadableOptions): ReadableReadStream {
  if (!isReadable(readable)) throw new TypeError(`readable must be a stream.Readable, got ${describe(readable)}`);
  const opts = checkOptions<FromReadableOptions>(options);
  return new ReadableAdapter(readable, optionsExecutor(opts));
}
