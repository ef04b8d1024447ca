import type { Readable } from 'node:stream';
import {
  CancellationType,
  errors,
  fromNodeError,
  makeError,
  type AsyncResult,
  type CompletionToken,
  type DeferredOperation,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import type { MutableBufferSequence } from '../buffers/buffer.js';
import { describe, isUint8Array } from '../detail/check.js';
import type { AsyncReadStream, ReadSignature } from '../read/async-read-stream.js';
import { checkOptions, optionsExecutor } from './adapter-options.js';
import { SingleOperationAdapter } from './single-operation-adapter.js';
import type { AdapterOptions } from './stream-adapter.js';

export interface FromReadableOptions extends AdapterOptions {}

/** An AsyncReadStream over a Node `stream.Readable`; `asyncReadSome` takes any completion token. */
export interface ReadableReadStream extends AsyncReadStream {
  readonly readable: Readable;
  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
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


class ReadableAdapter extends SingleOperationAdapter implements ReadableReadStream {
  readonly readable: Readable;
  #ended = false;
  #error: SystemError | null = null;
  // The pending read's buffers and their size; null when no read is in flight.
  #buffers: BufferList | null = null;
  #capacity = 0;

  constructor(readable: Readable, executor: Executor) {
    // Nothing is taken from the stream until data is there, so every cancellation type is clean.
    // The buffers are kept (filled when data arrives), so the base copies their array.
    super(executor, CancellationType.Terminal | CancellationType.Partial | CancellationType.Total, true);
    this.readable = readable;
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

  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: unknown): unknown {
    return this.initiate(buffers, token);
  }

  protected operationFailure(): SystemError | null {
    // Buffered data is still delivered after an error or the end; `#pump` decides.
    return null;
  }

  protected startOperation(buffers: BufferList, size: number): void {
    this.#buffers = buffers;
    this.#capacity = size;
    this.#pump();
  }

  protected override cancelOperation(): void {
    this.#finish(makeError(errors.operationAborted), 0);
  }

  /** Satisfy the pending read from what the stream has buffered, if anything. */
  #pump(): void {
    const buffers = this.#buffers;
    if (buffers === null) return;
    const capacity = this.#capacity;
    let n = 0;
    while (n < capacity) {
      const chunk = this.readable.read() as Uint8Array | string | null;
      if (chunk === null) break;
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      const copied = fill(buffers, n, bytes);
      n += copied;
      if (copied < bytes.length) this.readable.unshift(bytes.subarray(copied));
    }
    if (n > 0) this.#finish(null, n);
    else if (this.#error !== null) this.#finish(this.#error, 0);
    else if (this.#ended) this.#finish(makeError(errors.eof), 0);
  }

  #finish(err: SystemError | null, n: number): void {
    this.#buffers = null;
    this.complete(err, n);
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
