/**
 * `asyncReadUntil` (Asio's `async_read_until`, impl/read_until.hpp): the arguments are checked
 * once, then one initiation starts the composed read-until, `ReadUntilOp`: at once for a plain
 * callback, through `asyncInitiate` for a token object.
 */
import {
  asyncInitiate,
  checkToken,
  deferred,
  errors,
  HandlerWork,
  isTokenObject,
  makeError,
  type AsyncResult,
  type CompletionToken,
  type Deferred,
  type DeferredOperation,
} from '@asio-ts/core';
import { readSizeHelper } from '../transfer/read-size-helper.js';
import type { AsyncReadStream, ReadHandler, ReadSignature } from './async-read-stream.js';
import type { ReadUntilMatch } from './match-condition.js';
import { makeMatcher, resumeAt, type Matcher } from './matchers.js';
import { checkAsyncReadStream, checkDynamicReadBuffer, DynamicReadTarget, searchBuffered, type DynamicReadBuffer } from './read-target.js';
import { ReadUntilOp, readUntilMaxRead } from './read-until-op.js';

/**
 * Read from `stream` into the dynamic buffer `buffers` until its data holds a match (Asio's
 * `async_read_until`). Completes with `(err: SystemError | null, n: number)`, `n` being the
 * number of bytes up to and including the match. Cancellation: terminal and partial; what was
 * read stays in the buffer.
 *
 * - `match` is a string (its UTF-8 bytes are the delimiter), a `Uint8Array` delimiter, a
 *   `RegExp` (matched against the bytes read as latin1, one character per byte, so its indices
 *   are byte offsets; its `g` and `y` flags and `lastIndex` are ignored: the leftmost match in
 *   the data counts), or a `MatchCondition` `(data) => [end, found]`.
 * - The buffer may hold bytes past the match afterwards (data read in the same pieces): consume
 *   `n` bytes and call again, and the next call finds what is already there first, without
 *   reading.
 * - No match while the buffer reaches its `maxSize()` → `errors.notFound`. The end of the stream
 *   first → `errors.eof`. Either way `n` is 0 and what was read stays in the buffer. A server
 *   reading untrusted input gives its buffer a `maxSize`, so a peer that never sends the
 *   delimiter cannot make it grow without bound.
 * - Each read asks for Asio's read size, `min(max(512, capacity - size), min(65536, maxSize -
 *   size))`. The search resumes where the previous one stopped (for a delimiter, at the start of
 *   a partial match at the end), so a long line read in many pieces is searched in linear time;
 *   a RegExp is the exception (each search runs over all the data: JavaScript has no partial
 *   matching).
 * - The token defaults to `deferred`. The handler never runs inside this call, also when the
 *   match is in the buffer already (then no read is made: the result is delivered through the
 *   handler's immediate executor).
 * - Cancellation: terminal and partial, through the handler's slot, as for `asyncRead`: the
 *   handler gets `(operationAborted, 0)`, and every byte read before it stays in the buffer
 *   (a later call searches it first).
 *
 * The program must start no other read on `stream` until this one completes.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a server on port 8080.
 * import { once } from 'node:events';
 * import { connect } from 'node:net';
 * import { cancelAfter, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncReadUntil, fromDuplex } from '@asio-ts/io';
 *
 * const socket = connect(8080, '127.0.0.1');
 * await once(socket, 'connect');
 * const stream = fromDuplex(socket);
 * const sb = new Streambuf(64 * 1024); // a peer that never sends '\r\n' gets notFound, not all memory
 * // One line: rejects with eof, notFound, or operationAborted after 10 s.
 * const n = await asyncReadUntil(stream, sb, '\r\n', cancelAfter(10_000, useFuture));
 * const line = new Uint8Array(n);
 * sb.sgetn(line); // the line and its '\r\n'; bytes after it stay in `sb` for the next call
 * console.log(new TextDecoder().decode(line.subarray(0, n - 2)));
 * ```
 */
export function asyncReadUntil(stream: AsyncReadStream, buffers: DynamicReadBuffer, match: ReadUntilMatch): DeferredOperation<ReadSignature>;
export function asyncReadUntil<T extends CompletionToken<ReadSignature>>(
  stream: AsyncReadStream,
  buffers: DynamicReadBuffer,
  match: ReadUntilMatch,
  token: T,
): AsyncResult<T, ReadSignature>;
// For generic callers holding a `token?: T`.
export function asyncReadUntil<T extends CompletionToken<ReadSignature> = Deferred>(
  stream: AsyncReadStream,
  buffers: DynamicReadBuffer,
  match: ReadUntilMatch,
  token?: T,
): AsyncResult<T, ReadSignature>;
export function asyncReadUntil(stream: unknown, buffers: unknown, match: unknown, token?: unknown): unknown {
  checkAsyncReadStream(stream);
  const v2 = checkDynamicReadBuffer(buffers);
  const matcher = makeMatcher(match);
  if (typeof token === 'function' && !isTokenObject(token)) {
    startReadUntil(token as ReadHandler, stream, buffers as DynamicReadBuffer, v2, matcher, null);
    return undefined;
  }
  if (token !== undefined) checkToken('token', token);
  const target = new DynamicReadTarget(buffers as DynamicReadBuffer, v2);
  return asyncInitiate(initiateAsyncReadUntil, token === undefined ? deferred : token, stream, target, matcher);
}

/** Start the composed read-until (Asio's `initiate_async_read_until_*`) for a token object. */
function initiateAsyncReadUntil(handler: ReadHandler, stream: AsyncReadStream, target: DynamicReadTarget, matcher: Matcher): void {
  startReadUntil(handler, stream, target.buffer, target.v2, matcher, target);
}

/**
 * The buffer is searched first: a match there (or a full buffer without one) completes through
 * one HandlerWork, with no composed operation, no read target and no read; otherwise the
 * operation starts with its first read.
 */
function startReadUntil(
  handler: ReadHandler,
  stream: AsyncReadStream,
  buffer: DynamicReadBuffer,
  v2: boolean,
  matcher: Matcher,
  target: DynamicReadTarget | null,
): void {
  const ioExecutor = stream.getExecutor();
  const found = searchBuffered(matcher, buffer, v2);
  if (found >= 0) return HandlerWork.postImmediate2(handler, ioExecutor, null, found);
  // 0 once the buffer is at its maxSize (Asio's `size() == max_size()` check).
  const size = readSizeHelper(buffer, readUntilMaxRead);
  if (size === 0) return HandlerWork.postImmediate2(handler, ioExecutor, makeError(errors.notFound), 0);
  new ReadUntilOp(stream, ioExecutor, target ?? new DynamicReadTarget(buffer, v2), matcher, handler, resumeAt(found), size).start();
}
