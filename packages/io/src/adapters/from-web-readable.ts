/**
 * `fromWebReadable`: a WHATWG ReadableStream (globalThis.ReadableStream on Node, Deno, browsers;
 * a `fetch` body, `Blob.stream()`, a `FileHandle.readableWebStream()`) as an AsyncReadStream.
 */
import { CancellationType, errors, fromNodeError, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { describe } from '../detail/check.js';
import { ReadAdapterBase } from './adapter-base.js';
import { booleanOption, checkOptions, optionsExecutor } from './adapter-options.js';
import { ChunkBytes, copyInto } from './read-chunks.js';
import type { AdapterOptions, AdapterReadStream } from './stream-adapter.js';

/** The options of `fromWebReadable(readableStream, options)`. */
export interface FromWebReadableOptions extends AdapterOptions {
  /**
   * Read a byte stream (`type: 'bytes'`) through a BYOB reader (default `true`): each read asks
   * the source for at most what the pending `asyncReadSome` can hold. `false`, or a stream that
   * is not a byte stream: a default reader, whose chunks come in the source's own sizes (the rest
   * of a chunk larger than the buffers is kept for the next read).
   */
  byob?: boolean;
}

/** A WHATWG ReadableStream as an AsyncReadStream (what `fromWebReadable` returns). */
export interface WebReadableReadStream extends AdapterReadStream {
  /** The wrapped stream (locked to the adapter's reader). */
  readonly readableStream: ReadableStream<Uint8Array>;
  /** True when the adapter reads through a BYOB reader. */
  readonly byob: boolean;
}

function isReadableStreamLike(x: unknown): x is ReadableStream<Uint8Array> {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Record<'getReader' | 'cancel' | 'locked', unknown>>;
  return typeof s.getReader === 'function' && typeof s.cancel === 'function' && typeof s.locked === 'boolean';
}

/** Most bytes one BYOB read asks for (and the largest buffer the adapter keeps for them). */
const maxByobRead = 1 << 20;

function ignore(): void {}

type Reader = ReadableStreamBYOBReader | ReadableStreamDefaultReader<unknown>;

class WebReadableAdapter extends ReadAdapterBase implements WebReadableReadStream {
  readonly readableStream: ReadableStream<Uint8Array>;
  readonly byob: boolean;
  readonly #reader: Reader;
  // The unread rest of the last chunk (a chunk that came after its read was cancelled, or one
  // larger than the buffers): read first.
  #leftover: Uint8Array | null = null;
  // String chunks: a surrogate pair's first half waits for the next chunk (read-chunks.ts).
  readonly #bytes = new ChunkBytes();
  // The BYOB reads' own memory: the stream transfers the ArrayBuffer of each read's view (it is
  // detached), so the caller's buffers are never handed over; each result's buffer is reused.
  #scratch: ArrayBuffer | null = null;
  // True while a reader.read() is outstanding: at most one, also after a cancelled read.
  #reading = false;
  #ended = false;
  #error: SystemError | null = null;
  #buffers: BufferList | null = null;
  #capacity = 0;
  readonly #onChunk = (result: { done: boolean; value?: unknown }): void => {
    this.#reading = false;
    if (result.done) {
      this.#ended = true;
      this.#leftover = this.#bytes.flush();
      // A BYOB read at the end hands its (empty) view back.
      if (this.byob && result.value !== undefined) this.#scratch = (result.value as Uint8Array).buffer as ArrayBuffer;
    } else {
      const bytes = this.#bytes.of(result.value);
      if (bytes === null) {
        this.#leftover = this.#bytes.flush();
        this.#error ??= makeError(errors.invalidArgument, `the stream produced a chunk that is not bytes: ${describe(result.value)}`);
      } else if (bytes.length > 0) this.#leftover = bytes;
      else if (this.byob) this.#scratch = bytes.buffer as ArrayBuffer;
    }
    this.#pump();
  };
  readonly #onFailed = (reason: unknown): void => {
    this.#reading = false;
    this.#leftover = this.#bytes.flush();
    this.#error ??= fromNodeError(reason);
    this.#pump();
  };

  constructor(readableStream: ReadableStream<Uint8Array>, reader: Reader, byob: boolean, options: FromWebReadableOptions) {
    // A read that is cancelled takes nothing: the chunk it was waiting for goes to the leftover.
    super(optionsExecutor(options), CancellationType.Terminal | CancellationType.Partial | CancellationType.Total, true);
    this.readableStream = readableStream;
    this.#reader = reader;
    this.byob = byob;
    // The stream's failure is seen through the reads; `closed` would otherwise reject unhandled.
    reader.closed.then(ignore, ignore);
  }

  protected operationFailure(): SystemError | null {
    return null;
  }

  protected startOperation(buffers: BufferList, size: number): void {
    this.#buffers = buffers;
    this.#capacity = size;
    this.#pump();
  }

  protected override cancelOperation(): void {
    // The reader's read stays outstanding (a WHATWG read cannot be withdrawn without giving up
    // the reader); what it brings is kept for the next asyncReadSome.
    this.#finish(makeError(errors.operationAborted), 0);
  }

  #pump(): void {
    const buffers = this.#buffers;
    if (buffers === null) return;
    const left = this.#leftover;
    if (left !== null) {
      const n = copyInto(buffers, 0, left);
      if (n < left.length) {
        this.#leftover = left.subarray(n);
      } else {
        this.#leftover = null;
        if (this.byob) this.#scratch = left.buffer as ArrayBuffer;
      }
      return this.#finish(null, n);
    }
    if (this.#error !== null) return this.#finish(this.#error, 0);
    if (this.#ended) return this.#finish(makeError(errors.eof), 0);
    if (!this.#reading) this.#read(this.#capacity);
  }

  #read(capacity: number): void {
    this.#reading = true;
    if (!this.byob) {
      (this.#reader as ReadableStreamDefaultReader<unknown>).read().then(this.#onChunk, this.#onFailed);
      return;
    }
    const want = Math.min(capacity, maxByobRead);
    let scratch = this.#scratch;
    if (scratch === null || scratch.byteLength < want) scratch = new ArrayBuffer(want);
    this.#scratch = null;
    (this.#reader as ReadableStreamBYOBReader).read(new Uint8Array(scratch, 0, want)).then(this.#onChunk, this.#onFailed);
  }

  #finish(err: SystemError | null, n: number): void {
    this.#buffers = null;
    this.complete(err, n);
  }
}

/**
 * A WHATWG ReadableStream of bytes as an AsyncReadStream. The adapter takes a reader for good
 * (the stream stays locked): a BYOB reader when the stream is a byte stream (`getReader({ mode:
 * 'byob' })` succeeds) and `options.byob` is not false, a default reader otherwise.
 *
 * - `asyncReadSome(buffers, token)` completes with the bytes of one chunk (at most the buffers'
 *   size), with `(errors.eof, 0)` once the stream is closed and every byte was read, or with the
 *   stream's error (`fromNodeError`: a Node-style `code` keeps its meaning, an AbortError is
 *   operationAborted, anything else keeps its message under 'EUNKNOWN'). Chunks may be any
 *   ArrayBufferView, an ArrayBuffer or a string (read as UTF-8); anything else fails the read
 *   with invalidArgument.
 * - Through a BYOB reader each read asks the source for at most what the buffers hold, into the
 *   adapter's own memory (a BYOB read detaches the buffer it is given, so the caller's are never
 *   handed over), then copies. Through a default reader the rest of a chunk larger than the
 *   buffers is kept for the next read.
 * - The stream is read only while a read is in flight (one `reader.read()` at a time), so its
 *   queue and its source's backpressure hold between reads.
 * - Cancellation (terminal, partial or total) of a pending read completes it with
 *   `operationAborted`; the `reader.read()` it started stays outstanding, and the chunk it
 *   brings is kept for the next read: no chunk is lost.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs an HTTP server on port 8080.
 * import { asTuple, cancelAfter, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncRead, fromWebReadable } from '@asio-ts/io';
 *
 * const response = await fetch('http://127.0.0.1:8080/');
 * if (response.body === null) throw new Error('no body');
 * const body = fromWebReadable(response.body);
 * // The whole body, at most 1 MiB: a read into a dynamic buffer goes on until eof or maxSize.
 * const sb = new Streambuf(1 << 20);
 * const [err, n] = await asyncRead(body, sb, asTuple(cancelAfter(10_000, useFuture)));
 * console.log(err?.code, n === sb.size()); // EOF true; after 10 s ECANCELED true, every byte kept
 * ```
 */
export function fromWebReadable(readableStream: ReadableStream<Uint8Array>, options?: FromWebReadableOptions): WebReadableReadStream {
  if (!isReadableStreamLike(readableStream)) {
    throw new TypeError(`readableStream must be a WHATWG ReadableStream, got ${describe(readableStream)}`);
  }
  const opts = checkOptions<FromWebReadableOptions>(options);
  const wantByob = booleanOption('options.byob', opts.byob, true);
  if (readableStream.locked) throw new TypeError('readableStream must not be locked to another reader');
  let reader: Reader | null = null;
  if (wantByob) {
    try {
      reader = readableStream.getReader({ mode: 'byob' });
    } catch {
      // Not a byte stream (a TypeError, and the stream is left unlocked): a default reader.
      reader = null;
    }
  }
  const byob = reader !== null;
  return new WebReadableAdapter(readableStream, reader ?? readableStream.getReader(), byob, opts);
}
