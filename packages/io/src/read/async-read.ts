/**
 * `asyncRead` (Asio's `async_read`, impl/read.hpp): the arguments are checked once, then one
 * initiation starts the composed read, `ReadOp` for a buffer sequence or `DynamicReadOp` for a
 * dynamic buffer: at once for a plain callback, through `asyncInitiate` for a token object.
 */
import {
  asyncInitiate,
  checkToken,
  deferred,
  isTokenObject,
  type AsyncResult,
  type CompletionToken,
  type Deferred,
  type DeferredOperation,
} from '@asio-ts/core';
import { checkCompletionCondition } from '../transfer/base-from-completion-cond.js';
import { isCompletionCondition, transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import type { NotACondition, TaggedTransferCondition, TransferCondition } from '../transfer/transfer-condition.js';
import type { AsyncReadStream, ReadHandler, ReadSignature } from './async-read-stream.js';
import { DynamicReadOp, ReadOp } from './read-op.js';
import { checkAsyncReadStream, DynamicReadTarget, readBuffers, type ReadBuffers, type ReadTarget } from './read-target.js';

/**
 * Read from `stream` into `buffers` (Asio's `async_read`): a composed operation of zero or more
 * `asyncReadSome` calls that continues until the buffers are full, `condition` returns 0, or an
 * error occurs. Completes with `(err: SystemError | null, bytesTransferred: number)`; a stream
 * that ends first gives `(errors.eof, bytesRead)`. Cancellation: terminal and partial; the bytes
 * read before it are reported (and kept in a dynamic buffer).
 *
 * - `buffers` is a Uint8Array, an iterable of them, a DynamicBuffer v1 (e.g. `Streambuf`,
 *   `dynamicBuffer(vec)`, `dynamicStringBuffer(ref)`) or a DynamicBuffer v2. A dynamic buffer
 *   grows by Asio's read size for each read (`min(max(512, capacity - size), min(limit,
 *   maxSize - size))`, `limit` being the condition's answer, 65536 for `transferAll()`) and
 *   keeps exactly the bytes read, also after an error or a cancellation. With `transferAll()` a
 *   read into a dynamic buffer goes on until the end of the stream (`errors.eof`) or the
 *   buffer's `maxSize` (success).
 * - `condition` defaults to `transferAll()`. With three arguments the third is the token,
 *   unless it is one of the built-in conditions (`transferAll()`, `transferAtLeast(n)`,
 *   `transferExactly(n)`) or wrapped with `completionCondition(fn)`.
 * - The token defaults to `deferred`. The handler never runs inside this call.
 * - Cancellation: terminal and partial, through the handler's slot: forwarded to the stream's
 *   `asyncReadSome`, and between reads the operation stops with `operationAborted`. Either way
 *   the handler gets the bytes read so far, and they are in `buffers` (a dynamic buffer has
 *   them committed); an adapter's cancelled read takes nothing from its source.
 *
 * The program must start no other read on `stream` until this one completes.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a server on port 8080.
 * import { once } from 'node:events';
 * import { connect } from 'node:net';
 * import { asTuple, cancelAfter, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncRead, fromDuplex, transferAtLeast } from '@asio-ts/io';
 *
 * const socket = connect(8080, '127.0.0.1');
 * await once(socket, 'connect');
 * const stream = fromDuplex(socket);
 * // A 4-byte length header (rejects with eof if the peer closes first), then that many bytes.
 * const header = new Uint8Array(4);
 * await asyncRead(stream, header, useFuture);
 * const body = new Uint8Array(new DataView(header.buffer).getUint32(0));
 * const [err, n] = await asyncRead(stream, body, asTuple(cancelAfter(5_000, useFuture)));
 * console.log(err?.code ?? 'ok', n); // ok and body.length; or ECANCELED and the bytes already in body
 * // Then what comes next, at least one byte, into a streambuf that keeps every byte read.
 * const sb = new Streambuf();
 * asyncRead(stream, sb, transferAtLeast(1), (e, m) => console.log(e?.code ?? 'ok', m === sb.size())); // ok true
 * ```
 */
export function asyncRead(stream: AsyncReadStream, buffers: ReadTarget): DeferredOperation<ReadSignature>;
export function asyncRead<T extends CompletionToken<ReadSignature>>(
  stream: AsyncReadStream,
  buffers: ReadTarget,
  token: T & NotACondition,
): AsyncResult<T, ReadSignature>;
export function asyncRead(stream: AsyncReadStream, buffers: ReadTarget, condition: TaggedTransferCondition): DeferredOperation<ReadSignature>;
export function asyncRead<T extends CompletionToken<ReadSignature>>(
  stream: AsyncReadStream,
  buffers: ReadTarget,
  condition: TransferCondition,
  token: T,
): AsyncResult<T, ReadSignature>;
export function asyncRead(
  stream: AsyncReadStream,
  buffers: ReadTarget,
  condition: TransferCondition,
  token: undefined,
): DeferredOperation<ReadSignature>;
// For generic callers holding a `token?: T`.
export function asyncRead<T extends CompletionToken<ReadSignature> = Deferred>(
  stream: AsyncReadStream,
  buffers: ReadTarget,
  condition: TransferCondition,
  token?: T,
): AsyncResult<T, ReadSignature>;
export function asyncRead<T extends CompletionToken<ReadSignature> = Deferred>(
  stream: AsyncReadStream,
  buffers: ReadTarget,
  token?: T,
): AsyncResult<T, ReadSignature>;
export function asyncRead(stream: unknown, buffers: unknown, ...rest: unknown[]): unknown {
  checkAsyncReadStream(stream);
  // The third argument is the condition when a fourth one came (even `undefined`) or it is
  // tagged as one.
  const withCondition = rest.length >= 2 || (rest.length === 1 && isCompletionCondition(rest[0]));
  const condition = withCondition ? checkCompletionCondition(rest[0]) : transferAll();
  const token = withCondition ? rest[1] : rest[0];
  if (typeof token === 'function' && !isTokenObject(token)) {
    // A plain callback starts now, but the array is still copied (Asio copies the sequence):
    // later chunks are read after this call returned, and the caller may reuse its array.
    initiateAsyncRead(token as ReadHandler, stream, readBuffers(buffers, true), condition);
    return undefined;
  }
  if (token !== undefined) checkToken('token', token);
  // A token object may start the read later: an array is copied, as the caller may reuse it.
  return asyncInitiate(initiateAsyncRead, token === undefined ? deferred : token, stream, readBuffers(buffers, true), condition);
}

/**
 * Start the composed read (Asio's `initiate_async_read_buffer_sequence`,
 * `initiate_async_read_dynbuf_v1` and `_v2`).
 */
function initiateAsyncRead(handler: ReadHandler, stream: AsyncReadStream, buffers: ReadBuffers, condition: CompletionCondition): void {
  if (buffers instanceof DynamicReadTarget) new DynamicReadOp(stream, buffers, condition, handler).start();
  else new ReadOp(stream, buffers, condition, handler).start();
}
