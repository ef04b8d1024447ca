/**
 * The random-access write device concepts (Asio's AsyncRandomAccessWriteDevice and
 * SyncRandomAccessWriteDevice requirements): writes at an explicit offset, such as a file's
 * `pwrite`. `asyncWriteAt` and `writeAt` are built on them.
 */
import type { Executor } from '@asio-ts/core';
import type { ConstBufferSequence } from '../buffers/buffer.js';
import type { WriteHandler } from '../write/async-write-stream.js';

/**
 * Asio's AsyncRandomAccessWriteDevice. A user's own device need only accept a function handler:
 * it must call it exactly once, never inside `asyncWriteSomeAt` itself (deliver through the
 * handler's associated immediate executor, e.g. with a posted call), and report how many bytes
 * of `buffers` it wrote at `offset` (at most their size; 0 only with an error, unless `buffers`
 * is empty).
 */
export interface AsyncRandomAccessWriteDevice {
  /** The executor the device's operations complete on by default. */
  getExecutor(): Executor;
  /** Start writing some of `buffers` at `offset`; call `handler` once, with how many bytes were written. */
  asyncWriteSomeAt(offset: number, buffers: ConstBufferSequence, handler: WriteHandler): unknown;
}

/**
 * True when `x` has `getExecutor()` and `asyncWriteSomeAt()`, the members `asyncWriteAt` needs
 * (Asio's AsyncRandomAccessWriteDevice requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { systemExecutor } from '@asio-ts/core';
 * import { TestStream, isAsyncRandomAccessWriteDevice } from '@asio-ts/io';
 *
 * const device = { getExecutor: () => systemExecutor, asyncWriteSomeAt: () => undefined };
 * console.log(isAsyncRandomAccessWriteDevice(device), isAsyncRandomAccessWriteDevice(new TestStream(systemExecutor))); // true false
 * ```
 */
export function isAsyncRandomAccessWriteDevice(x: unknown): x is AsyncRandomAccessWriteDevice {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as { getExecutor?: unknown; asyncWriteSomeAt?: unknown };
  return typeof d.getExecutor === 'function' && typeof d.asyncWriteSomeAt === 'function';
}

/**
 * Asio's SyncRandomAccessWriteDevice: `writeSomeAt` returns the bytes it wrote at `offset`, or
 * throws a SystemError having written none.
 */
export interface SyncRandomAccessWriteDevice {
  /** Write some of `buffers` at `offset` now; return how many bytes were written, or throw. */
  writeSomeAt(offset: number, buffers: ConstBufferSequence): number;
}

/**
 * True when `x` has `writeSomeAt()`, the member `writeAt` needs (Asio's
 * SyncRandomAccessWriteDevice requirements, checked at run time).
 *
 * @example
 * ```ts
 * import { isSyncRandomAccessWriteDevice } from '@asio-ts/io';
 *
 * console.log(isSyncRandomAccessWriteDevice({ writeSomeAt: () => 0 }), isSyncRandomAccessWriteDevice({})); // true false
 * ```
 */
export function isSyncRandomAccessWriteDevice(x: unknown): x is SyncRandomAccessWriteDevice {
  return typeof x === 'object' && x !== null && typeof (x as { writeSomeAt?: unknown }).writeSomeAt === 'function';
}
