/**
 * Buffers, dynamic buffers, completion conditions, the composed `asyncWrite` and stream adapters.
 *
 * @packageDocumentation
 * @module @asio-ts/io
 */
export * from './buffer.js';
export * from './byte-vector.js';
export * from './completion-condition.js';
export * from './dynamic-buffer.js';
export * from './dynamic-string-buffer.js';
export * from './dynamic-vector-buffer.js';
export * from './streambuf.js';
export * from './async-write-stream.js';
export * from './async-read-stream.js';
export * from './write.js';
export * from './test-stream.js';
export * from './stream-adapter.js';
export * from './from-writable.js';
export * from './from-file-handle.js';
export * from './from-web-writable.js';
export * from './from-readable.js';
