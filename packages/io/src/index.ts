/**
 * Buffers, dynamic buffers, completion conditions, the composed `asyncWrite`, `asyncRead` and
 * `asyncReadUntil`, and stream adapters.
 *
 * @packageDocumentation
 * @module @asio-ts/io
 */
export * from './buffers/buffer.js';
export * from './buffers/byte-vector.js';
export * from './buffers/dynamic-buffer.js';
export * from './buffers/dynamic-string-buffer.js';
export * from './buffers/dynamic-vector-buffer.js';
export * from './buffers/streambuf.js';
export * from './transfer/completion-condition.js';
export * from './write/async-write-stream.js';
export * from './write/async-write.js';
export * from './write/write.js';
export * from './write/write-queue.js';
export type { WriteSource } from './write/write-source.js';
export { checkBufferSequence } from './detail/check.js';
export type { BufferList } from './buffers/buffer-list.js';
export * from './read/async-read-stream.js';
export * from './random-access/read-device.js';
export * from './random-access/write-device.js';
export type { ReadAtTarget, WriteAtSource } from './random-access/at-arguments.js';
export * from './random-access/async-read-at.js';
export * from './random-access/read-at.js';
export * from './random-access/async-write-at.js';
export * from './random-access/write-at.js';
export * from './read/async-read.js';
export * from './read/read.js';
export * from './read/async-read-until.js';
export * from './read/read-until.js';
export * from './read/match-condition.js';
export type { DynamicReadBuffer, ReadTarget } from './read/read-target.js';
export * from './adapters/stream-adapter.js';
export type * from './adapters/node-like.js';
export * from './adapters/from-writable.js';
export * from './adapters/from-file-handle.js';
export * from './adapters/from-web-writable.js';
export * from './adapters/from-readable.js';
export * from './adapters/from-web-readable.js';
export * from './adapters/from-duplex.js';
export * from './testing/test-stream.js';
