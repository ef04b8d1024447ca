import type { Executor, SystemError } from '@asio-ts/core';
import type { ConstBufferSequence } from '../buffers/buffer.js';

/** The completion signature of writes: `(err, bytesTransferred)`. */
export type WriteSignature = [err: SystemError | null, bytesTransferred: number];
/** A handler of `WriteSignature`, as a stream's `asyncWriteSome` gets it. */
export type WriteHandler = (...args: WriteSignature) => void;

/**
 * Asio's AsyncWriteStream concept. A user's own stream needs only accept a function handler:
 * it must call it exactly once, never inside `asyncWriteSome` itself (deliver through the
 * handler's associated immediate executor, e.g. with a posted call), and report how many bytes
 * of `buffers` it took (at most their size; 0 only with an error, unless `buffers` is empty).
 */
export interface AsyncWriteStream {
  /** The executor the stream's operations complete on by default. */
  getExecutor(): Executor;
  /** Start writing some of `buffers`; call `handler` once, with how many bytes were taken. */
  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): unknown;
}

/**
 * True when `x` has `getExecutor()` and `asyncWriteSome()`, the members `asyncWrite` needs (Asio's
 * AsyncWriteStream requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { systemExecutor } from '@asio-ts/core';
 * import { TestStream, isAsyncWriteStream } from '@asio-ts/io';
 *
 * console.log(isAsyncWriteStream(new TestStream(systemExecutor)), isAsyncWriteStream(process.stdout)); // true false
 * ```
 */
export function isAsyncWriteStream(x: unknown): x is AsyncWriteStream {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as { getExecutor?: unknown; asyncWriteSome?: unknown };
  return typeof s.getExecutor === 'function' && typeof s.asyncWriteSome === 'function';
}

/** Asio's SyncWriteStream concept: `writeSome` returns the bytes taken or throws a SystemError. */
export interface SyncWriteStream {
  /** Write some of `buffers` now; return how many bytes were taken, or throw. */
  writeSome(buffers: ConstBufferSequence): number;
}

/**
 * True when `x` has `writeSome()`, the member `write` needs (Asio's SyncWriteStream
 * requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { isSyncWriteStream } from '@asio-ts/io';
 *
 * console.log(isSyncWriteStream({ writeSome: () => 0 }), isSyncWriteStream({})); // true false
 * ```
 */
export function isSyncWriteStream(x: unknown): x is SyncWriteStream {
  return typeof x === 'object' && x !== null && typeof (x as { writeSome?: unknown }).writeSome === 'function';
}
