import type { Executor, SystemError } from '@asio-ts/core';
import type { MutableBufferSequence } from '../buffers/buffer.js';

/** The completion signature of reads: `(err, bytesTransferred)`; end of stream is `errors.eof`. */
export type ReadSignature = [err: SystemError | null, bytesTransferred: number];
/** A handler of `ReadSignature`, as a stream's `asyncReadSome` gets it. */
export type ReadHandler = (...args: ReadSignature) => void;

/**
 * Asio's AsyncReadStream concept, the read twin of AsyncWriteStream, which `asyncRead` and
 * `asyncReadUntil` are built on. A user's own stream needs only accept a function handler: it
 * must call it exactly once, never inside `asyncReadSome` itself (deliver through the handler's
 * associated immediate executor, e.g. with a posted call), and report how many bytes it wrote
 * into `buffers` (at most their size). End of stream is `(errors.eof, 0)`, reported only by a
 * read that got no byte; a read of empty buffers completes with `(null, 0)`.
 */
export interface AsyncReadStream {
  /** The executor the stream's operations complete on by default. */
  getExecutor(): Executor;
  /** Start reading some bytes into `buffers`; call `handler` once, with how many were read. */
  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): unknown;
}

/**
 * True when `x` has `getExecutor()` and `asyncReadSome()`, the members `asyncRead` and
 * `asyncReadUntil` need (Asio's AsyncReadStream requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { systemExecutor } from '@asio-ts/core';
 * import { TestStream, isAsyncReadStream } from '@asio-ts/io';
 *
 * console.log(isAsyncReadStream(new TestStream(systemExecutor)), isAsyncReadStream(process.stdin)); // true false
 * ```
 */
export function isAsyncReadStream(x: unknown): x is AsyncReadStream {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as { getExecutor?: unknown; asyncReadSome?: unknown };
  return typeof s.getExecutor === 'function' && typeof s.asyncReadSome === 'function';
}

/**
 * Asio's SyncReadStream concept: `readSome` returns the bytes read (at least 1 unless `buffers`
 * is empty) or throws a SystemError (`errors.eof` at the end of the stream).
 */
export interface SyncReadStream {
  /** Read some bytes into `buffers` now; return how many, or throw. */
  readSome(buffers: MutableBufferSequence): number;
}

/**
 * True when `x` has `readSome()`, the member `read` and `readUntil` need (Asio's
 * SyncReadStream requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { isSyncReadStream } from '@asio-ts/io';
 *
 * console.log(isSyncReadStream({ readSome: () => 0 }), isSyncReadStream({})); // true false
 * ```
 */
export function isSyncReadStream(x: unknown): x is SyncReadStream {
  return typeof x === 'object' && x !== null && typeof (x as { readSome?: unknown }).readSome === 'function';
}
