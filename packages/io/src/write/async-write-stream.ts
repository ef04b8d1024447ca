import type { Executor, SystemError } from '@asio-ts/core';
import type { ConstBufferSequence } from '../buffers/buffer.js';

/** The completion signature of writes: `(err, bytesTransferred)`. */
export type WriteSignature = [err: SystemError | null, bytesTransferred: number];
export type WriteHandler = (...args: WriteSignature) => void;

/**
 * Asio's AsyncWriteStream concept. A user's own stream needs only accept a function handler:
 * it must call it exactly once, never inside `asyncWriteSome` itself (deliver through the
 * handler's associated immediate executor, e.g. with a posted call), and report how many bytes
 * of `buffers` it took (at most their size; 0 only with an error, unless `buffers` is empty).
 */
export interface AsyncWriteStream {
  getExecutor(): Executor;
  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): unknown;
}

export function isAsyncWriteStream(x: unknown): x is AsyncWriteStream {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as { getExecutor?: unknown; asyncWriteSome?: unknown };
  return typeof s.getExecutor === 'function' && typeof s.asyncWriteSome === 'function';
}

/** Asio's SyncWriteStream concept: `writeSome` returns the bytes taken or throws a SystemError. */
export interface SyncWriteStream {
  writeSome(buffers: ConstBufferSequence): number;
}

export function isSyncWriteStream(x: unknown): x is SyncWriteStream {
  return typeof x === 'object' && x !== null && typeof (x as { writeSome?: unknown }).writeSome === 'function';
}
