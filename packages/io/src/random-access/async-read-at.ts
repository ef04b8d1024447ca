/**
 * `asyncReadAt` (Asio's `async_read_at`, impl/read_at.hpp): the arguments are checked once, then
 * one initiation starts the composed read, `ReadAtOp` (buffers) or `ReadAtDynamicOp` (a
 * DynamicBuffer v1): at once for a plain callback, through `asyncInitiate` for a token object.
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
import type { ReadHandler, ReadSignature } from '../read/async-read-stream.js';
import { checkCompletionCondition } from '../transfer/base-from-completion-cond.js';
import { isCompletionCondition, transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import { atBuffers, checkSequenceEnd, checkOffset, type AtBuffers, type AtCondition, type NotACondition, type ReadAtTarget, type TaggedAtCondition } from './at-arguments.js';
import { ReadAtDynamicOp, ReadAtOp } from './read-at-op.js';
import { isAsyncRandomAccessReadDevice, type AsyncRandomAccessReadDevice } from './read-device.js';

/**
 * Read from `device` at `offset` until `buffers` is full (Asio's `async_read_at`): a composed
 * operation of one or more `asyncReadSomeAt` calls, each at `offset` plus the bytes read so far,
 * that continues until the buffers are full, `condition` returns 0, or an error occurs.
 * Completes with `(err: SystemError | null, bytesTransferred: number)`; reading past the end of
 * the data stops with `errors.eof` and the bytes that were there. Cancellation: terminal and
 * partial; the bytes read before it are reported and kept.
 *
 * - `buffers` is a Uint8Array, an iterable of them, or a DynamicBuffer v1 (e.g. `Streambuf`,
 *   Asio's `basic_streambuf` overload): each read then prepares Asio's read size (at least 512
 *   bytes, at most what the condition allows and `maxSize()` leaves) and commits exactly the
 *   bytes read, so with `transferAll()` it reads until eof or `maxSize()`.
 * - `condition` defaults to `transferAll()`. With four arguments the fourth is the token, unless
 *   it is one of the built-in conditions or wrapped with `completionCondition(fn)`.
 * - The token defaults to `deferred`. The handler never runs inside this call.
 * - Cancellation: terminal and partial, through the handler's slot: forwarded to the device's
 *   `asyncReadSomeAt`, and between reads the operation stops with `operationAborted` and the
 *   bytes read so far.
 *
 * Unlike a stream read, nothing stops other operations on `device` meanwhile: offsets are
 * explicit.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a file records.bin.
 * import { open } from 'node:fs/promises';
 * import { asTuple, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncReadAt, fromFileHandle, transferAtLeast } from '@asio-ts/io';
 *
 * const handle = await open('records.bin', 'r');
 * const file = fromFileHandle(handle);
 * // The 16-byte record at offset 4096; a file that ends first gives eof and the bytes there.
 * const record = new Uint8Array(16);
 * const [err, n] = await asyncReadAt(file, 4096, record, asTuple(useFuture));
 * console.log(err?.code ?? 'ok', n); // ok 16
 * // At least 100 bytes from offset 0 into a streambuf (reads of 512 bytes or more).
 * const sb = new Streambuf();
 * asyncReadAt(file, 0, sb, transferAtLeast(100), (e, m) => console.log(e?.code ?? 'ok', m === sb.size())); // ok true
 * ```
 */
// Overloads as asyncWrite's (see there for why the token form comes first and has no default).
export function asyncReadAt(device: AsyncRandomAccessReadDevice, offset: number, buffers: ReadAtTarget): DeferredOperation<ReadSignature>;
export function asyncReadAt<T extends CompletionToken<ReadSignature>>(
  device: AsyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  token: T & NotACondition,
): AsyncResult<T, ReadSignature>;
export function asyncReadAt(
  device: AsyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  condition: TaggedAtCondition,
): DeferredOperation<ReadSignature>;
export function asyncReadAt<T extends CompletionToken<ReadSignature>>(
  device: AsyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  condition: AtCondition,
  token: T,
): AsyncResult<T, ReadSignature>;
export function asyncReadAt(
  device: AsyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  condition: AtCondition,
  token: undefined,
): DeferredOperation<ReadSignature>;
// For generic callers holding a `token?: T`.
export function asyncReadAt<T extends CompletionToken<ReadSignature> = Deferred>(
  device: AsyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  condition: AtCondition,
  token?: T,
): AsyncResult<T, ReadSignature>;
export function asyncReadAt<T extends CompletionToken<ReadSignature> = Deferred>(
  device: AsyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  token?: T,
): AsyncResult<T, ReadSignature>;
export function asyncReadAt(device: unknown, offset: unknown, buffers: unknown, ...rest: unknown[]): unknown {
  if (!isAsyncRandomAccessReadDevice(device)) {
    throw new TypeError(`device must be an AsyncRandomAccessReadDevice (getExecutor() and asyncReadSomeAt()), got ${describe(device)}${streamHint(device, 'asyncReadAt')}`);
  }
  const at = checkOffset(offset);
  // The fourth argument is the condition when a fifth one came (even `undefined`) or it is
  // tagged as one.
  const withCondition = rest.length >= 2 || (rest.length === 1 && isCompletionCondition(rest[0]));
  const condition = withCondition ? checkCompletionCondition(rest[0]) : transferAll();
  const token = withCondition ? rest[1] : rest[0];
  const target = atBuffers(buffers);
  checkSequenceEnd(at, target);
  if (typeof token === 'function' && !isTokenObject(token)) {
    initiateAsyncReadAt(token as ReadHandler, device, at, target, condition);
    return undefined;
  }
  if (token !== undefined) checkToken('token', token);
  return asyncInitiate(initiateAsyncReadAt, token === undefined ? deferred : token, device, at, target, condition);
}

/** Start the composed read (Asio's `initiate_async_read_at` / `initiate_async_read_at_streambuf`). */
function initiateAsyncReadAt(
  handler: ReadHandler,
  device: AsyncRandomAccessReadDevice,
  offset: number,
  target: AtBuffers,
  condition: CompletionCondition,
): void {
  if (target.dynamic) new ReadAtDynamicOp(device, offset, target.buffer, condition, handler).start();
  else new ReadAtOp(device, offset, target.list, condition, handler).start();
}
