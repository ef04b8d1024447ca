/**
 * `fromReadable`: a Node `stream.Readable` (a socket, a file stream, a child's stdout, any
 * Readable) as an AsyncReadStream.
 */
import { describe } from '../detail/check.js';
import { checkOptions, optionsExecutor } from './adapter-options.js';
import type { ReadableLike } from './node-like.js';
import { isReadableLike, ReadableAdapter } from './readable-adapter.js';
import type { AdapterOptions, AdapterReadStream } from './stream-adapter.js';

/** The options of `fromReadable(readable, options)`. */
export interface FromReadableOptions extends AdapterOptions {}

/** A Node Readable as an AsyncReadStream (what `fromReadable` returns). */
export interface ReadableReadStream<R extends ReadableLike = ReadableLike> extends AdapterReadStream {
  /** The wrapped stream. */
  readonly readable: R;
}

/**
 * A Node `stream.Readable` (a socket, a file stream, ...) as an AsyncReadStream. The adapter
 * takes the stream over: it listens for 'data', 'end', 'error' and 'close' for good, and keeps
 * the stream paused (`readableFlowing` false) except while a read waits for data, when it lets
 * it flow so that chunks go from the source straight into the read's buffers. A stream has one
 * read adapter: a second `fromReadable` or `fromDuplex` on it throws a TypeError (both would get
 * every chunk).
 *
 * - `asyncReadSome(buffers, token)` completes with the bytes there (at least one, at most the
 *   buffers' size: a read larger than what arrived completes with what is there), with
 *   `(errors.eof, 0)` at the end (only when no byte was read in that call), or with the
 *   stream's error as a SystemError (`fromNodeError`: ECONNRESET → connectionReset, ...); bytes
 *   buffered before an error are delivered first. A stream closed before its end reads as
 *   connectionReset. Strings (a stream with an encoding) are read as UTF-8; an object-mode chunk
 *   that is not bytes fails the read with invalidArgument.
 * - Bytes are taken from the stream only while a read is in flight, and only as many as fit, so
 *   between reads the stream buffers at most its highWaterMark (plus one chunk the adapter holds
 *   when it arrived just as a read completed) and the source is paused beyond it (backpressure:
 *   a slow reader keeps a socket's peer waiting, not memory growing). A chunk larger than the
 *   buffers keeps its rest for the next read.
 * - Cancellation (terminal, partial or total) of a pending read completes it with
 *   `operationAborted` and takes nothing: bytes that arrived are there for the next read.
 * - One read at a time: a second completes with `alreadyStarted`.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a file access.log.
 * import { createReadStream } from 'node:fs';
 * import { asTuple, errorIs, errors, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncReadUntil, fromReadable } from '@asio-ts/io';
 *
 * const file = fromReadable(createReadStream('access.log'));
 * const sb = new Streambuf();
 * let lines = 0;
 * for (;;) {
 *   const [err, n] = await asyncReadUntil(file, sb, '\n', asTuple(useFuture));
 *   if (err !== null) {
 *     if (!errorIs(err, errors.eof)) throw err;
 *     break; // what is left in `sb` is a last line without '\n'
 *   }
 *   sb.consume(n);
 *   lines++;
 * }
 * console.log(lines, sb.size());
 * ```
 */
export function fromReadable<R extends ReadableLike>(readable: R, options?: FromReadableOptions): ReadableReadStream<R> {
  if (!isReadableLike(readable)) throw new TypeError(`readable must be a stream.Readable, got ${describe(readable)}`);
  const opts = checkOptions<FromReadableOptions>(options);
  return new ReadableAdapter(readable, optionsExecutor(opts));
}
