import {
  asyncInitiate,
  checkToken,
  isTokenObject,
  deferred,
  fromNodeError,
  SystemError,
  type AsyncResult,
  type CompletionToken,
  type Deferred,
  type DeferredOperation,
  type ErrorRef,
} from '@asio-ts/core';
import { isAsyncWriteStream, isSyncWriteStream, type AsyncWriteStream, type SyncWriteStream, type WriteHandler, type WriteSignature } from './async-write-stream.js';
import type { ConstBufferSequence } from '../buffers/buffer.js';
import { completionConditionTag, isCompletionCondition, transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import { isDynamicBufferV1, isDynamicBufferV2, type DynamicBufferV1, type DynamicBufferV2 } from '../buffers/dynamic-buffer.js';
import { checkCompletionCondition, checkForCompletion } from '../transfer/base-from-completion-cond.js';
import type { BufferList } from '../buffers/buffer-list.js';
import { checkBufferSequence, describe, isUint8Array } from '../detail/check.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import { WriteOp } from './write-op.js';

/**
 * A completion condition as `asyncWrite` calls it: the error it sees is the operation's
 * `SystemError`. Any `CompletionCondition` is one. Typing it this way means an arrow function is
 * contextually typed `(err: SystemError | null, n: number)` by every overload, condition and
 * handler positions alike, so the first overload TypeScript tries cannot give a handler's
 * parameters the wrong types.
 */
type WriteCondition = (err: SystemError | null, bytesTransferred: number) => number | boolean;
type TaggedWriteCondition = WriteCondition & { readonly [completionConditionTag]: true };
/** A token position value that is not a tagged completion condition. */
type NotACondition = { readonly [completionConditionTag]?: never };

/** What `asyncWrite` and `write` take as their data. */
export type WriteSource = ConstBufferSequence | DynamicBufferV1 | DynamicBufferV2;

interface ResolvedSource {
  /** The bytes to write, checked, or a function reading and checking them when the operation starts. */
  readonly data: BufferList | (() => BufferList);
  /** Consumed by the bytes written, at completion. */
  readonly dynamic: { consume(n: number): void } | null;
}

/**
 * What to write, checked once here (the walk over it checks nothing again). `copy`: an array is
 * copied, for an operation that outlives the call (the caller may reuse its array meanwhile).
 * A dynamic buffer's `data()` is checked too, when read: user-written dynamic buffers exist.
 */
function resolveSource(buffers: unknown, copy: boolean): ResolvedSource {
  // The common case first: one Uint8Array is neither dynamic buffer.
  if (isUint8Array(buffers)) return { data: buffers, dynamic: null };
  // Asio's overload rule: a v2 dynamic buffer first; v1 only when it is not also v2.
  if (isDynamicBufferV2(buffers)) {
    return { data: () => checkBufferSequence('buffers', buffers.data(0, buffers.size()), copy), dynamic: buffers };
  }
  if (isDynamicBufferV1(buffers)) {
    return { data: () => checkBufferSequence('buffers', buffers.data(), copy), dynamic: buffers };
  }
  return { data: checkBufferSequence('buffers', buffers, copy), dynamic: null };
}

function sourceData(source: ResolvedSource): BufferList {
  return typeof source.data === 'function' ? source.data() : source.data;
}

function checkStream(stream: unknown): asserts stream is AsyncWriteStream {
  if (!isAsyncWriteStream(stream)) {
    throw new TypeError(`stream must be an AsyncWriteStream (getExecutor() and asyncWriteSome()), got ${describe(stream)}`);
  }
}

/**
 * Write all of `buffers` to `stream` (Asio's `async_write`): a composed operation of zero or
 * more `asyncWriteSome` calls that continues until everything is written, `condition` returns
 * 0, or an error occurs. The handler gets `(err, bytesTransferred)`.
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
  condition: TaggedWriteCondition,
): DeferredOperation<WriteSignature>;
export function asyncWrite<T extends CompletionToken<WriteSignature>>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: WriteCondition,
  token: T,
): AsyncResult<T, WriteSignature>;
export function asyncWrite(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: WriteCondition,
  token: undefined,
): DeferredOperation<WriteSignature>;
// For generic callers holding a `token?: T`.
export function asyncWrite<T extends CompletionToken<WriteSignature> = Deferred>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  condition: WriteCondition,
  token?: T,
): AsyncResult<T, WriteSignature>;
export function asyncWrite<T extends CompletionToken<WriteSignature> = Deferred>(
  stream: AsyncWriteStream,
  buffers: WriteSource,
  token?: T,
): AsyncResult<T, WriteSignature>;
export function asyncWrite(stream: unknown, buffers: unknown, ...rest: unknown[]): unknown {
  checkStream(stream);
  // How many arguments came matters (a condition with an explicit `undefined` token); a rest
  // array rather than `arguments` keeps the function optimisable.
  const extra = rest.length;
  const arg2 = rest[0];
  const arg3 = rest[1];
  let condition: CompletionCondition;
  let token: unknown;
  if (extra >= 2 || (extra === 1 && isCompletionCondition(arg2))) {
    condition = checkCompletionCondition(arg2);
    token = arg3;
  } else {
    condition = transferAll();
    token = arg2;
  }
  if (token === undefined) token = deferred;
  else checkToken('token', token);
  if (typeof token === 'function' && !isTokenObject(token)) {
    // A plain callback: the operation starts now, so the caller's array needs no copy and no
    // token machinery is involved. The common case (one Uint8Array) needs no ResolvedSource.
    if (isUint8Array(buffers)) new WriteOp(stream, buffers, condition, token as WriteHandler, null).start();
    else startNow(stream, buffers, condition, token as WriteHandler);
    return undefined;
  }
  if (isUint8Array(buffers)) return asyncInitiate(initiateAsyncWriteBuffer, token, stream, buffers, condition);
  const source = resolveSource(buffers, true);
  return asyncInitiate(initiateAsyncWrite, token, stream, source, condition);
}

function initiateAsyncWriteBuffer(
  handler: WriteHandler,
  stream: AsyncWriteStream,
  buffers: Uint8Array,
  condition: CompletionCondition,
): void {
  new WriteOp(stream, buffers, condition, handler, null).start();
}

function initiateAsyncWrite(
  handler: WriteHandler,
  stream: AsyncWriteStream,
  source: ResolvedSource,
  condition: CompletionCondition,
): void {
  new WriteOp(stream, sourceData(source), condition, handler, source.dynamic).start();
}

/** `resolveSource` and the start in one step, for an operation that starts at once (no copy, no closure). */
function startNow(stream: AsyncWriteStream, buffers: unknown, condition: CompletionCondition, handler: WriteHandler): void {
  let data: BufferList;
  let dynamic: { consume(n: number): void } | null = null;
  if (isDynamicBufferV2(buffers)) {
    data = checkBufferSequence('buffers', buffers.data(0, buffers.size()), false);
    dynamic = buffers;
  } else if (isDynamicBufferV1(buffers)) {
    data = checkBufferSequence('buffers', buffers.data(), false);
    dynamic = buffers;
  } else data = checkBufferSequence('buffers', buffers, false);
  new WriteOp(stream, data, condition, handler, dynamic).start();
}

/**
 * Write all of `buffers` to a SyncWriteStream (Asio's `write`): loops `writeSome` until done,
 * `condition` returns 0, or an error. Throws the SystemError (with `bytesTransferred` set on it)
 * unless `errorRef` is given, in which case the error is stored there and the byte count
 * returned. A dynamic buffer is consumed by exactly the bytes written.
 */
export function write(stream: SyncWriteStream, buffers: WriteSource, condition?: CompletionCondition, errorRef?: ErrorRef): number {
  if (!isSyncWriteStream(stream)) throw new TypeError(`stream must be a SyncWriteStream (writeSome()), got ${describe(stream)}`);
  // Synchronous: the sequence is walked before this returns, so an array needs no copy.
  const source = resolveSource(buffers, false);
  const cond = condition === undefined ? transferAll() : checkCompletionCondition(condition);
  if (errorRef !== undefined && (typeof errorRef !== 'object' || errorRef === null)) {
    throw new TypeError(`errorRef must be an object with an \`error\` property, got ${describe(errorRef)}`);
  }
  const consuming = ConsumingBuffers.fromChecked(sourceData(source));
  let error: SystemError | null = null;
  for (;;) {
    if (consuming.empty()) break;
    const maxSize = checkForCompletion(cond, error, consuming.totalConsumed());
    if (maxSize === 0) break;
    try {
      const n = stream.writeSome(consuming.prepare(maxSize));
      consuming.consume(n);
    } catch (e) {
      error = e instanceof SystemError ? e : fromNodeError(e);
    }
  }
  const total = consuming.totalConsumed();
  source.dynamic?.consume(total);
  if (errorRef !== undefined) {
    errorRef.error = error;
    return total;
  }
  if (error !== null) throw Object.assign(error, { bytesTransferred: total });
  return total;
}
