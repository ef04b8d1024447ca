/**
 * What every stream adapter (`fromWritable`, `fromFileHandle`, `fromWebWritable`,
 * `fromReadable`, `fromWebReadable`, `fromDuplex`) has in common at the type level: the
 * AsyncWriteStream the write adapters are, the AsyncReadStream the read adapters are, and the
 * options they all take. The implementation they share is in `single-operation-adapter.ts` and
 * `adapter-base.ts`.
 */
import type { AsyncResult, CompletionToken, DeferredOperation, Executor, ExecutorOrContext } from '@asio-ts/core';
import type { ConstBufferSequence, MutableBufferSequence } from '../buffers/buffer.js';
import type { AsyncReadStream, ReadSignature } from '../read/async-read-stream.js';
import type { AsyncWriteStream, WriteSignature } from '../write/async-write-stream.js';

/** The AsyncWriteStream every write adapter is: `asyncWriteSome` takes any completion token. */
export interface AdapterWriteStream extends AsyncWriteStream {
  /** The I/O executor (`options.executor`, default `systemExecutor`). */
  getExecutor(): Executor;
  /**
   * Write some of `buffers` (Asio's `async_write_some`); the handler gets `(err, bytesWritten)`.
   * The token defaults to `deferred`. At most one write may be in flight: a second one
   * completes with `errors.alreadyStarted` and leaves the first alone.
   */
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  // No default for `T` (see `asyncWrite`): an arrow-function handler must be typed as a handler.
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
}

/** The AsyncReadStream every read adapter is: `asyncReadSome` takes any completion token. */
export interface AdapterReadStream extends AsyncReadStream {
  /** The I/O executor (`options.executor`, default `systemExecutor`). */
  getExecutor(): Executor;
  /**
   * Read some bytes into `buffers` (Asio's `async_read_some`); the handler gets `(err,
   * bytesRead)`: at least one byte and at most the buffers' size, or `(errors.eof, 0)` at the
   * end, or the source's error. The token defaults to `deferred`. At most one read may be in
   * flight: a second one completes with `errors.alreadyStarted` and leaves the first alone.
   */
  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
}

/** Options every adapter takes. */
export interface AdapterOptions {
  /**
   * The I/O executor: where handlers run unless they carry their own, and where work is held
   * while an operation is in flight (an `IoContext`'s `run()` waits for it). Default:
   * `systemExecutor`.
   */
  executor?: ExecutorOrContext;
}
