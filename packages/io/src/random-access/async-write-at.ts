/**
 * `asyncWriteAt` (Asio's `async_write_at`, impl/write_at.hpp): the arguments are checked once,
 * then one initiation starts the composed write, `WriteAtOp`: at once for a plain callback,
 * through `asyncInitiate` for a token object.
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
import { sizeOfList } from '../buffers/buffer-list.js';
import { checkBufferSequence, describe } from '../detail/check.js';
import { streamHint } from '../detail/stream-hint.js';
import { checkCompletionCondition } from '../transfer/base-from-completion-cond.js';
import { isCompletionCondition, transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import type { WriteHandler, WriteSignature } from '../write/async-write-stream.js';
import { atBuffers, checkEnd, checkSequenceEnd, checkOffset, type AtBuffers, type AtCondition, type NotACondition, type TaggedAtCondition, type WriteAtSource } from './at-arguments.js';
import { WriteAtOp } from './write-at-op.js';
import { isAsyncRandomAccessWriteDevice, type AsyncRandomAccessWriteDevice } from './write-device.js';

/**
 * Write all of `buffers` to `device` at `offset` (Asio's `async_write_at`): a composed operation
 * of one or more `asyncWriteSomeAt` calls, each at `offset` plus the bytes written so far, that
 * continues until everything is written, `condition` returns 0, or an error occurs. Completes
 * with `(err: SystemError | null, bytesTransferred: number)`. Cancellation: terminal and
 * partial; the bytes written before it are reported (and consumed from a dynamic buffer).
 *
 * - `buffers` is a Uint8Array, an iterable of them, or a DynamicBuffer v1 (e.g. `Streambuf`,
 *   Asio's `basic_streambuf` overload): its readable bytes are read when the write starts, and
 *   exactly the bytes written are consumed from it at completion.
 * - `condition` defaults to `transferAll()`. With four arguments the fourth is the token, unless
 *   it is one of the built-in conditions or wrapped with `completionCondition(fn)`.
 * - The token defaults to `deferred`. The handler never runs inside this call.
 * - Cancellation: terminal and partial, through the handler's slot: forwarded to the device's
 *   `asyncWriteSomeAt`, and between writes the operation stops with `operationAborted` and the
 *   bytes written so far.
 *
 * Unlike a stream write, nothing stops other operations on `device` meanwhile: offsets are
 * explicit.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a file records.bin.
 * import { open } from 'node:fs/promises';
 * import { cancelAfter, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncWriteAt, fromFileHandle } from '@asio-ts/io';
 *
 * const handle = await open('records.bin', 'r+');
 * const file = fromFileHandle(handle);
 * // Two records written at their offsets, at the same time: each write is independent.
 * const a = asyncWriteAt(file, 0, new Uint8Array(16).fill(1), useFuture);
 * const b = asyncWriteAt(file, 4096, new Uint8Array(16).fill(2), cancelAfter(1_000, useFuture));
 * console.log(await a, await b); // 16 16
 * // A streambuf: the bytes written are consumed from it.
 * const sb = new Streambuf();
 * sb.sputn('header');
 * asyncWriteAt(file, 16, sb, (err, n) => console.log(err?.code ?? 'ok', n, sb.size())); // ok 6 0
 * ```
 */
export function asyncWriteAt(device: AsyncRandomAccessWriteDevice, offset: number, buffers: WriteAtSource): DeferredOperation<WriteSignature>;
export function asyncWriteAt<T extends CompletionToken<WriteSignature>>(
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  token: T & NotACondition,
): AsyncResult<T, WriteSignature>;
export function asyncWriteAt(
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  condition: TaggedAtCondition,
): DeferredOperation<WriteSignature>;
export function asyncWriteAt<T extends CompletionToken<WriteSignature>>(
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  condition: AtCondition,
  token: T,
): AsyncResult<T, WriteSignature>;
export function asyncWriteAt(
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  condition: AtCondition,
  token: undefined,
): DeferredOperation<WriteSignature>;
// For generic callers holding a `token?: T`.
export function asyncWriteAt<T extends CompletionToken<WriteSignature> = Deferred>(
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  condition: AtCondition,
  token?: T,
): AsyncResult<T, WriteSignature>;
export function asyncWriteAt<T extends CompletionToken<WriteSignature> = Deferred>(
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  token?: T,
): AsyncResult<T, WriteSignature>;
export function asyncWriteAt(device: unknown, offset: unknown, buffers: unknown, ...rest: unknown[]): unknown {
  if (!isAsyncRandomAccessWriteDevice(device)) {
    throw new TypeError(`device must be an AsyncRandomAccessWriteDevice (getExecutor() and asyncWriteSomeAt()), got ${describe(device)}${streamHint(device, 'asyncWriteAt')}`);
  }
  const at = checkOffset(offset);
  const withCondition = rest.length >= 2 || (rest.length === 1 && isCompletionCondition(rest[0]));
  const condition = withCondition ? checkCompletionCondition(rest[0]) : transferAll();
  const token = withCondition ? rest[1] : rest[0];
  const source = atBuffers(buffers);
  checkSequenceEnd(at, source);
  if (typeof token === 'function' && !isTokenObject(token)) {
    initiateAsyncWriteAt(token as WriteHandler, device, at, source, condition);
    return undefined;
  }
  if (token !== undefined) checkToken('token', token);
  return asyncInitiate(initiateAsyncWriteAt, token === undefined ? deferred : token, device, at, source, condition);
}

/**
 * Start the composed write (Asio's `initiate_async_write_at` and, for a dynamic buffer,
 * `initiate_async_write_at_streambuf`): a dynamic buffer's readable bytes are read now (checked:
 * a user's dynamic buffer may return anything) and consumed by the bytes written at completion.
 */
function initiateAsyncWriteAt(
  handler: WriteHandler,
  device: AsyncRandomAccessWriteDevice,
  offset: number,
  source: AtBuffers,
  condition: CompletionCondition,
): void {
  if (source.dynamic) {
    const data = checkBufferSequence('buffers', source.buffer.data());
    checkEnd(offset, sizeOfList(data));
    new WriteAtOp(device, offset, data, condition, handler, source.buffer).start();
  } else new WriteAtOp(device, offset, source.list, condition, handler, null).start();
}
