/**
 * `asyncWrite` (Asio's `async_write`, impl/write.hpp): the arguments are checked once, then one
 * initiation starts the composed write, `WriteOp`: at once for a plain callback, through
 * `asyncInitiate` for a token object.
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
import { describe } from '../detail/check.js';
import { streamHint } from '../detail/stream-hint.js';
import { checkCompletionCondition } from '../transfer/base-from-completion-cond.js';
import { isCompletionCondition, transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import type { NotACondition, TaggedTransferCondition, TransferCondition } from '../transfer/transfer-condition.js';
import { isAsyncWriteStream, type AsyncWriteStream, type WriteHandler, type WriteSignature } from './async-write-stream.js';
import { WriteOp } from './write-op.js';
import { consumedSource, startingData, writeBuffers, writeKind, type WriteBuffers, type WriteKind, type WriteSource } from './write-source.js';

/**
 * Write all of `buffers` to `stream` (Asio's `async_write`): a composed operation of zero or
 * more `asyncWriteSome` calls that continues until everything is written, `condition` returns
 * 0, or an error occurs. Completes with `(err: SystemError | null, bytesTransferred: number)`.
 * Cancellation: terminal and partial (per-operation, through the handler's slot).
 *
 * - `buffers` is a Uint8Array, an iterable of them, a DynamicBuffer v1 (e.g. `Streambuf`,
 *   `dynamicBuffer(vec)`, `dynamicStringBuffer(ref)`) or a DynamicBuffer v2. A dynamic buffer is
 *   read when the operation starts, and exactly the bytes written are consumed from it at
 *   completion, so after an error the unwritten rest is still there.
 * - `condition` defaults to `transferAll()`. With three arguments the third is the token,
 *   unless it is one of the built-in conditions (`transferAll()`, `transferAtLeast(n)`,
 *   `transferExactly(n)`) or wrapped with `completionCondition(fn)`.
 * - The token defaults to `deferred`. The handler never runs inside this call.
 * - Cancellation: terminal and partial, through the handler's slot: forwarded to the stream's
 *   `asyncWriteSome`, and between chunks the operation stops with `operationAborted`.
 *
 * The program must start no other write on `stream` until this one completes.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a server on port 8080.
 * import { once } from 'node:events';
 * import { connect } from 'node:net';
 * import { cancelAfter, useFuture } from '@asio-ts/core';
 * import { asyncWrite, fromWritable } from '@asio-ts/io';
 *
 * const socket = connect(8080, 'localhost');
 * await once(socket, 'connect');
 * const stream = fromWritable(socket);
 * const request = new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n');
 * // Rejects with the SystemError: operationAborted if the peer takes 5 s to accept the bytes.
 * const n = await asyncWrite(stream, request, cancelAfter(5_000, useFuture));
 * console.log(`${n} bytes written`); // 18 bytes written
 * // The next write once that one completed; here with a callback.
 * asyncWrite(stream, request, (err, bytes) => console.log(err?.code ?? 'ok', bytes)); // ok 18
 * ```
 */
// Overload order matters to TypeScript. A token is a required `T` with no default: a default
// (`T = Deferred`, itself callable) would become the contextual type of an arrow-function
// handler, and `asyncWrite(s, b, (err, n) => ...)` would not type-check. The three-argument token
// form comes before the three-argument condition form, so an arrow handler, also one inside a
// binder (`bindExecutor(ex, (err, n) => ...)`), is typed as a handler first; `NotACondition` keeps
// the built-in conditions out of it, as the run-time rule does.
export function asyncWrite(stream: AsyncWriteStream, buffers: WriteSource): DeferredOperation<WriteSignature>;
export function asyncWrite<T extends CompletionToken<WriteSignature>>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  token: T & NotACondition,
): AsyncResult<T, WriteSignature>;
export function asyncWrite(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: TaggedTransferCondition,
): DeferredOperation<WriteSignature>;
export function asyncWrite<T extends CompletionToken<WriteSignature>>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: TransferCondition,
  token: T,
): AsyncResult<T, WriteSignature>;
export function asyncWrite(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: TransferCondition,
  token: undefined,
): DeferredOperation<WriteSignature>;
// For generic callers holding a `token?: T`.
export function asyncWrite<T extends CompletionToken<WriteSignature> = Deferred>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: TransferCondition,
  token?: T,
): AsyncResult<T, WriteSignature>;
export function asyncWrite<T extends CompletionToken<WriteSignature> = Deferred>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  token?: T,
): AsyncResult<T, WriteSignature>;
export function asyncWrite(stream: unknown, buffers: unknown, ...rest: unknown[]): unknown {
  checkStream(stream);
  // The third argument is the condition when a fourth one came (even `undefined`) or it is
  // tagged as one; how many came is why this takes a rest array.
  const withCondition = rest.length >= 2 || (rest.length === 1 && isCompletionCondition(rest[0]));
  const condition = withCondition ? checkCompletionCondition(rest[0]) : transferAll();
  const token = withCondition ? rest[1] : rest[0];
  if (typeof token === 'function' && !isTokenObject(token)) {
    // A plain callback starts now, without asyncInitiate. The array is still copied (Asio copies
    // the sequence): later chunks are prepared after this call returned.
    const kind = writeKind(buffers);
    initiateAsyncWrite(token as WriteHandler, stream, writeBuffers(buffers, kind, true), condition, kind);
    return undefined;
  }
  if (token !== undefined) checkToken('token', token);
  // A token object may start the write later: an array is copied, as the caller may reuse it.
  const kind = writeKind(buffers);
  return asyncInitiate(initiateAsyncWrite, token === undefined ? deferred : token, stream, writeBuffers(buffers, kind, true), condition, kind);
}

/**
 * Start the composed write (Asio's `initiate_async_write` and, for a dynamic buffer,
 * `initiate_async_write_dynbuf_v1` / `_v2`): a dynamic buffer is read now and consumed by the
 * bytes written at completion.
 */
function initiateAsyncWrite(
  handler: WriteHandler,
  stream: AsyncWriteStream,
  buffers: WriteBuffers,
  condition: CompletionCondition,
  kind: WriteKind,
): void {
  new WriteOp(stream, startingData(buffers, kind), condition, handler, consumedSource(buffers, kind)).start();
}

function checkStream(stream: unknown): asserts stream is AsyncWriteStream {
  if (!isAsyncWriteStream(stream)) {
    throw new TypeError(`stream must be an AsyncWriteStream (getExecutor() and asyncWriteSome()), got ${describe(stream)}${streamHint(stream, 'asyncWrite')}`);
  }
}
