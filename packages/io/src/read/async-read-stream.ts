import type { Executor, SystemError } from '@asio-ts/core';
import type { MutableBufferSequence } from '../buffers/buffer.js';

/** The completion signature of reads: `(err, bytesTransferred)`; end of stream is `errors.eof`. */
export type ReadSignature = [err: SystemError | null, bytesTransferred: number];
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
  getExecutor(): Executor;
  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): unknown;
}

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
  readSome(buffers: MutableBufferSequence): number;
}

export function isSyncReadStream(x: unknown): x is SyncReadStream {
  return typeof x === 'object' && x !== null && typeof (x as { readSome?: unknown }).readSome === 'function';
}
