/**
 * `fromWritable`: any Node `stream.Writable` (net.Socket, tls.TLSSocket, fs.WriteStream, a
 * custom Writable) as an AsyncWriteStream.
 */
import { describe } from '../detail/check.js';
import { checkOptions, optionsExecutor } from './adapter-options.js';
import type { WritableLike } from './node-like.js';
import type { AdapterOptions, AdapterWriteStream } from './stream-adapter.js';
import { isWritableLike, WritableAdapter, writeBehaviour } from './writable-adapter.js';

/** The options of `fromWritable(writable, options)`. */
export interface FromWritableOptions extends AdapterOptions {
  /**
   * What terminal cancellation of a write in flight does. `true` (default): destroy the stream
   * and complete at once with `operationAborted`. `false`: leave the stream alone; the write
   * completes when the stream has taken its bytes (so `asyncWrite` stops between chunks with
   * `operationAborted`, and the stream stays usable).
   */
  destroyOnCancel?: boolean;
  /**
   * Hand the stream a copy of each buffer rather than a view of the caller's memory. A stream
   * may keep a chunk after calling its write back (a PassThrough or Transform queues it for its
   * reader, a sink may collect it), while the caller may reuse its memory once the handler ran
   * (a dynamic buffer does): with views, that would change bytes already written. Default: `false`
   * for a `net.Socket` (tls, tty and http sockets included) and an `fs.WriteStream`, which are
   * done with a chunk when they call back; `true` for any other stream.
   */
  copy?: boolean;
}

/** A Node Writable as an AsyncWriteStream (what `fromWritable` returns). */
export interface WritableWriteStream<W extends WritableLike = WritableLike> extends AdapterWriteStream {
  /** The wrapped stream. */
  readonly writable: W;
}

/**
 * A Node `stream.Writable` as an AsyncWriteStream.
 *
 * - `asyncWriteSome(buffers, token)` hands every byte of `buffers` to the stream (several
 *   buffers corked, so a socket writes them with one writev) and completes once the stream's
 *   write callbacks have fired: its buffer then holds none of these bytes, which is the
 *   backpressure (at most one write's bytes are queued), and it holds no reference to the
 *   caller's memory (a stream that may keep a chunk is given copies: `options.copy`). The handler gets `(null, size)`, or the error and the bytes of the buffers the
 *   stream confirmed before it.
 * - Errors are mapped with `fromNodeError` (EPIPE → brokenPipe, ECONNRESET → connectionReset,
 *   ERR_STREAM_DESTROYED → brokenPipe, ...). A write on a destroyed, errored or ended stream
 *   completes with the stream's error (or brokenPipe), never a throw.
 * - Terminal cancellation (the handler's cancellation slot) destroys the stream and completes
 *   with `operationAborted` and the bytes confirmed so far (bytes handed over but not confirmed
 *   may or may not have left; they are not counted, so the count never overstates). Partial
 *   and total cancellation cannot recall bytes from the kernel: they are ignored here, and
 *   `asyncWrite` stops between chunks.
 * - While a write is in flight the adapter listens for 'error' on the stream (after a failure,
 *   until the stream closes or a later write succeeds), so between writes an 'error' is the
 *   owner's alone, as if the adapter were not there. Its 'close' listener stays between writes, until the stream closes
 *   or another adapter starts a write on it: one per stream, however many adapters write on it
 *   one after another.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a server on port 8080.
 * import { once } from 'node:events';
 * import { connect } from 'node:net';
 * import { asTuple, cancelAfter, useFuture } from '@asio-ts/core';
 * import { asyncWrite, fromWritable } from '@asio-ts/io';
 *
 * const out = fromWritable(process.stdout);
 * asyncWrite(out, new TextEncoder().encode('hello\n'), (err, n) => console.log(err, n)); // hello, then null 6
 *
 * const socket = connect(8080, '127.0.0.1');
 * await once(socket, 'connect');
 * // A peer that takes more than 5 s to accept the bytes: the socket is destroyed, the write
 * // completes with operationAborted and the bytes the socket confirmed.
 * const [err, n] = await asyncWrite(fromWritable(socket), new Uint8Array(1 << 20), asTuple(cancelAfter(5_000, useFuture)));
 * console.log(err?.code ?? 'ok', n); // ok 1048576
 * ```
 */
export function fromWritable<W extends WritableLike>(writable: W, options?: FromWritableOptions): WritableWriteStream<W> {
  if (!isWritableLike(writable)) throw new TypeError(`writable must be a Node stream.Writable, got ${describe(writable)}`);
  const opts = checkOptions<FromWritableOptions>(options);
  return new WritableAdapter(writable, optionsExecutor(opts), writeBehaviour(opts, writable));
}
