/**
 * `fromWebWritable`: a WHATWG WritableStream (globalThis.WritableStream on Node, Deno,
 * browsers) as an AsyncWriteStream.
 */
import { CancellationType, errors, fromNodeError, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { describe, isUint8Array } from '../detail/check.js';
import { AdapterBase } from './adapter-base.js';
import { booleanOption, checkOptions, optionsExecutor } from './adapter-options.js';
import { ChunkTally } from './chunk-tally.js';
import type { AdapterOptions, AdapterWriteStream } from './stream-adapter.js';

/** The options of `fromWebWritable(writableStream, options)`. */
export interface FromWebWritableOptions extends AdapterOptions {
  /**
   * Copy the bytes of each write into a fresh Uint8Array before handing it to the stream
   * (default `true`). A WHATWG sink may keep a chunk after its write promise resolved (a sink
   * collecting chunks, a TransformStream queueing them for a reader), and the caller may reuse
   * its memory once the handler ran (a dynamic buffer does), so views would let later writes
   * change bytes already "written". `false` hands over views of the caller's buffers, one chunk
   * per buffer, for sinks known to be done with a chunk when its write resolves.
   */
  copy?: boolean;
}

/** A WHATWG WritableStream as an AsyncWriteStream (what `fromWebWritable` returns). */
export interface WebWritableWriteStream extends AdapterWriteStream {
  /** The wrapped stream (locked to the adapter's writer). */
  readonly writableStream: WritableStream<Uint8Array>;
  /**
   * Close the stream (`writer.close()`): the sink finishes (a CompressionStream's writable
   * flushes its trailer, a file sink closes). A write in flight completes first, with its bytes,
   * then the sink closes; writes started after this call complete with brokenPipe, writing
   * nothing. Resolves once the sink closed; rejects with a SystemError: the sink's own close
   * error (mapped as a write error is), brokenPipe when the stream was already closed or
   * errored, or operationAborted when a terminal cancellation aborted it.
   *
   * @example
   * ```ts
   * import { useFuture } from '@asio-ts/core';
   * import { asyncWrite, fromWebWritable } from '@asio-ts/io';
   *
   * const gzip = new CompressionStream('gzip');
   * const compressed = new Response(gzip.readable).arrayBuffer(); // read while writing
   * const stream = fromWebWritable(gzip.writable);
   * await asyncWrite(stream, new TextEncoder().encode('hello '.repeat(100)), useFuture);
   * await stream.close(); // the gzip trailer is written and the readable side ends
   * console.log((await compressed).byteLength < 600); // true
   * ```
   */
  close(): Promise<void>;
  /**
   * Release the adapter's writer: the stream is unlocked, for another writer (or
   * `writableStream.close()`). A write in flight still completes as the sink decides; writes
   * started after this call complete with brokenPipe, writing nothing.
   *
   * @example
   * ```ts
   * import { useFuture } from '@asio-ts/core';
   * import { asyncWrite, fromWebWritable } from '@asio-ts/io';
   *
   * const sink = new WritableStream<Uint8Array>({ write: (chunk) => console.log(chunk.length) });
   * const stream = fromWebWritable(sink);
   * await asyncWrite(stream, new Uint8Array(4), useFuture); // 4
   * stream.releaseLock();
   * await sink.getWriter().close();
   * ```
   */
  releaseLock(): void;
}

function isWritableStreamLike(x: unknown): x is WritableStream<Uint8Array> {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Record<'getWriter' | 'abort' | 'locked', unknown>>;
  return typeof s.getWriter === 'function' && typeof s.abort === 'function' && typeof s.locked === 'boolean';
}

/** A WHATWG rejection as a SystemError: a write on a closed or errored stream is a broken pipe. */
function fromStreamError(reason: unknown): SystemError {
  const r = reason as { code?: unknown; name?: unknown; message?: unknown } | null;
  // By name, not `instanceof`: a TypeError of another realm (a vm context) is one too.
  if (r?.name === 'TypeError' && r.code === 'ERR_INVALID_STATE') return makeError(errors.brokenPipe, String(r.message), reason);
  return fromNodeError(reason);
}

function ignore(): void {}

/** One chunk holding every byte of `buffers` (a copy the caller cannot change). */
function concat(buffers: BufferList, size: number): Uint8Array {
  const out = new Uint8Array(size);
  if (isUint8Array(buffers)) {
    out.set(buffers);
  } else {
    let at = 0;
    for (let i = 0; i < buffers.length; i++) {
      out.set(buffers[i]!, at);
      at += buffers[i]!.length;
    }
  }
  return out;
}

class WebWritableAdapter extends AdapterBase implements WebWritableWriteStream {
  readonly writableStream: WritableStream<Uint8Array>;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #copy: boolean;
  readonly #tally = new ChunkTally();
  #aborted = false;
  /** Why later writes fail once the owner closed the stream or released the writer. */
  #ended: string | null = null;
  // Bound once: a write in flight needs no closure of its own. Reports for a write that is no
  // longer in flight (the other chunks of an aborted write) find `complete` a no-op.
  readonly #onWritten = (): void => {
    if (this.inFlight() && this.#tally.confirm()) this.#end(null);
  };
  readonly #onFailed = (reason: unknown): void => {
    if (this.inFlight()) this.#end(fromStreamError(reason));
  };

  constructor(writableStream: WritableStream<Uint8Array>, options: FromWebWritableOptions) {
    super(optionsExecutor(options), CancellationType.Terminal);
    this.#copy = booleanOption('options.copy', options.copy, true);
    this.writableStream = writableStream;
    this.#writer = writableStream.getWriter();
  }

  protected operationFailure(): SystemError | null {
    // Writes on an errored stream reject with its error, which `startWrite` reports; only the
    // adapter's own abort is answered here, as a broken pipe rather than the abort's reason.
    if (this.#aborted) return makeError(errors.brokenPipe, 'stream aborted');
    // Decided here, not from the writer: a write after close() may fail oddly (Node 20's
    // CompressionStream throws an internal assertion) or, on a released writer, not as a pipe.
    return this.#ended === null ? null : makeError(errors.brokenPipe, this.#ended);
  }

  close(): Promise<void> {
    this.#ended ??= 'stream closed';
    return this.#writer.close().then(undefined, (reason: unknown) => {
      throw fromStreamError(reason);
    });
  }

  releaseLock(): void {
    this.#ended ??= 'writer released';
    this.#writer.releaseLock();
  }

  protected startOperation(buffers: BufferList, size: number): void {
    // No `await writer.ready`: the write completes only once the sink took its chunks, so the
    // queue never holds more than this write (and `ready` never resolves at highWaterMark 0).
    const writer = this.#writer;
    if (this.#copy) {
      const chunk = concat(buffers, size);
      this.#tally.reset(chunk);
      writer.write(chunk).then(this.#onWritten, this.#onFailed);
      return;
    }
    this.#tally.reset(buffers);
    if (isUint8Array(buffers)) {
      writer.write(buffers).then(this.#onWritten, this.#onFailed);
      return;
    }
    for (let i = 0; i < buffers.length; i++) {
      const b = buffers[i]!;
      if (b.length > 0) writer.write(b).then(this.#onWritten, this.#onFailed);
    }
  }

  protected override cancelOperation(): void {
    // The sink may already hold the chunk; aborting errors the stream, and the write reports
    // only chunks whose write promise had resolved.
    this.#aborted = true;
    const reason = makeError(errors.operationAborted);
    this.#writer.abort(reason).then(ignore, ignore);
    this.#end(reason);
  }

  #end(err: SystemError | null): void {
    const n = this.#tally.confirmed();
    this.#tally.clear();
    this.complete(err, n);
  }
}

/**
 * A WHATWG WritableStream of Uint8Array chunks as an AsyncWriteStream. The adapter takes the
 * stream's writer (the stream stays locked) until `close()` or `releaseLock()`.
 *
 * - `asyncWriteSome(buffers, token)` writes every byte of `buffers` (by default as one copied
 *   chunk, see `options.copy`) and completes when the write promise resolves, i.e. when the
 *   sink took the chunk; that is the backpressure. The handler gets `(null, size)`, or the
 *   error and the bytes of the chunks whose write resolved before it.
 * - A sink's error (or the stream's stored error) is mapped with `fromNodeError` (a Node-style
 *   `code` keeps its meaning, an AbortError is operationAborted, anything else keeps its message
 *   under code 'EUNKNOWN'); a write on a closed stream is a brokenPipe.
 * - Terminal cancellation aborts the stream (`writer.abort(reason)`, reason an
 *   operationAborted SystemError) and completes with `operationAborted`; later writes complete
 *   with brokenPipe. Partial and total cancellation cannot take back a chunk the sink may hold:
 *   ignored, and `asyncWrite` stops between chunks.
 *
 * @example
 * ```ts
 * import { asTuple, cancelAfter, useFuture } from '@asio-ts/core';
 * import { asyncWrite, fromWebWritable } from '@asio-ts/io';
 *
 * const chunks: Uint8Array[] = [];
 * const sink = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) });
 * const stream = fromWebWritable(sink);
 * const encoder = new TextEncoder();
 * const n = await asyncWrite(stream, [encoder.encode('two '), encoder.encode('buffers')], useFuture);
 * console.log(n, chunks.length); // 11 1: one copied chunk per write
 * // A sink that does not take the chunk within 1 s: the stream is aborted.
 * const [err] = await asyncWrite(stream, encoder.encode('more'), asTuple(cancelAfter(1_000, useFuture)));
 * console.log(err?.code ?? 'ok'); // ok
 * ```
 */
export function fromWebWritable(writableStream: WritableStream<Uint8Array>, options?: FromWebWritableOptions): WebWritableWriteStream {
  if (!isWritableStreamLike(writableStream)) {
    throw new TypeError(`writableStream must be a WHATWG WritableStream, got ${describe(writableStream)}`);
  }
  if (writableStream.locked) throw new TypeError('writableStream must not be locked to another writer');
  return new WebWritableAdapter(writableStream, checkOptions<FromWebWritableOptions>(options));
}
