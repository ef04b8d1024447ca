/**
 * The random-access read device concepts (Asio's AsyncRandomAccessReadDevice and
 * SyncRandomAccessReadDevice requirements): reads at an explicit offset, such as a file's
 * `pread`. `asyncReadAt` and `readAt` are built on them.
 */
import type { Executor } from '@asio-ts/core';
import type { MutableBufferSequence } from '../buffers/buffer.js';
import type { ReadHandler } from '../read/async-read-stream.js';

/**
 * Asio's AsyncRandomAccessReadDevice. A user's own device need only accept a function handler:
 * it must call it exactly once, never inside `asyncReadSomeAt` itself (deliver through the
 * handler's associated immediate executor, e.g. with a posted call), and report how many bytes
 * it read into `buffers` starting at `offset` (at most their size). Past the end of the data it
 * completes with `(errors.eof, 0)`; a read that reaches the end completes with the bytes that
 * were there and no error.
 */
export interface AsyncRandomAccessReadDevice {
  /** The executor the device's operations complete on by default. */
  getExecutor(): Executor;
  /** Start reading some bytes at `offset` into `buffers`; call `handler` once, with how many were read. */
  asyncReadSomeAt(offset: number, buffers: MutableBufferSequence, handler: ReadHandler): unknown;
}

/**
 * True when `x` has `getExecutor()` and `asyncReadSomeAt()`, the members `asyncReadAt` needs
 * (Asio's AsyncRandomAccessReadDevice requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { systemExecutor } from '@asio-ts/core';
 * import { TestStream, isAsyncRandomAccessReadDevice } from '@asio-ts/io';
 *
 * const device = { getExecutor: () => systemExecutor, asyncReadSomeAt: () => undefined };
 * console.log(isAsyncRandomAccessReadDevice(device), isAsyncRandomAccessReadDevice(new TestStream(systemExecutor))); // true false
 * ```
 */
export function isAsyncRandomAccessReadDevice(x: unknown): x is AsyncRandomAccessReadDevice {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as { getExecutor?: unknown; asyncReadSomeAt?: unknown };
  return typeof d.getExecutor === 'function' && typeof d.asyncReadSomeAt === 'function';
}

/**
 * Asio's SyncRandomAccessReadDevice: `readSomeAt` returns the bytes it read at `offset`, or
 * throws a SystemError having read none (`errors.eof` past the end of the data).
 */
export interface SyncRandomAccessReadDevice {
  /** Read some bytes at `offset` into `buffers` now; return how many, or throw. */
  readSomeAt(offset: number, buffers: MutableBufferSequence): number;
}

/**
 * True when `x` has `readSomeAt()`, the member `readAt` needs (Asio's
 * SyncRandomAccessReadDevice requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { isSyncRandomAccessReadDevice } from '@asio-ts/io';
 *
 * console.log(isSyncRandomAccessReadDevice({ readSomeAt: () => 0 }), isSyncRandomAccessReadDevice({})); // true false
 * ```
 */
export function isSyncRandomAccessReadDevice(x: unknown): x is SyncRandomAccessReadDevice {
  return typeof x === 'object' && x !== null && typeof (x as { readSomeAt?: unknown }).readSomeAt === 'function';
}
