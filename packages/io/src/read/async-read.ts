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
 * error occurs. The handler gets `(err, bytesTransferred)`; a stream that ends first gives
 * `(errors.eof, bytesRead)`.
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
 *   `asyncReadSome`, and between reads the operation stops with `operationAborted`.
 *
 * The program must start no other read on `stream` until this one completes.
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
    // A plain callback: the read starts now, so it may walk the caller's array as it is.
    initiateAsyncRead(token as ReadHandler, stream, readBuffers(buffers, false), condition);
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
