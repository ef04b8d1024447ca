import type { Executor, SystemError } from '@asio-ts/core';
import type { MutableBufferSequence } from '../buffers/buffer.js';

/** The completion signature of reads: `(err, bytesTransferred)`; end of stream is `errors.eof`. */
export type ReadSignature = [err: SystemError | null, bytesTransferred: number];
export type ReadHandler = (...args: ReadSignature) => void;

/**
 * Asio's AsyncReadStream concept, the read twin of AsyncWriteStream (the composed reads built on
 * it, `asyncRead` and `asyncReadUntil`, come later).
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

/** Asio's SyncReadStream concept: `readSome` returns the bytes read or throws a SystemError. */
export interface SyncReadStream {
  readSome(buffers: MutableBufferSequence): number;
}
