/**
 * AsyncReadStreams as users write them, each breaking a habit of Asio's own streams: completing
 * inside `asyncReadSome`, completing from a host timer, failing with an error that is not a
 * SystemError, or recording what it is given.
 */
import { errors, makeError, type Executor } from '@asio-ts/core';
import { bufferCopy, bufferSize, type AsyncReadStream, type MutableBufferSequence, type ReadHandler } from '@asio-ts/io';

/**
 * A user-written AsyncReadStream that completes *inside* `asyncReadSome` (calling the handler on
 * the caller's stack). Returns at most `maxReadSize` bytes of `data` per call, then eof; records
 * the nesting depth to detect recursion.
 */
export class InlineReadStream implements AsyncReadStream {
  readonly #executor: Executor;
  readonly #data: Uint8Array;
  readonly #maxReadSize: number;
  position = 0;
  calls = 0;
  depth = 0;
  maxDepth = 0;

  constructor(executor: Executor, data: Uint8Array, maxReadSize = Infinity) {
    this.#executor = executor;
    this.#data = data;
    this.#maxReadSize = maxReadSize;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  get readCalls(): number {
    return this.calls;
  }

  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
    this.calls++;
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
    try {
      const left = this.#data.length - this.position;
      if (left === 0 && bufferSize(buffers) > 0) {
        handler(makeError(errors.eof), 0);
        return;
      }
      const n = bufferCopy(buffers, this.#data.subarray(this.position), this.#maxReadSize);
      this.position += n;
      handler(null, n);
    } finally {
      this.depth--;
    }
  }
}

/** A user stream whose reads complete later, from a host timer, calling the handler directly. */
export class TimerReadStream implements AsyncReadStream {
  readonly #executor: Executor;
  readonly #data: Uint8Array;
  readonly #chunk: number;
  readonly #delayMs: number;
  position = 0;

  constructor(executor: Executor, data: Uint8Array, chunk: number, delayMs: number) {
    this.#executor = executor;
    this.#data = data;
    this.#chunk = chunk;
    this.#delayMs = delayMs;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
    setTimeout(() => {
      if (this.position === this.#data.length) return handler(makeError(errors.eof), 0);
      const n = bufferCopy(buffers, this.#data.subarray(this.position), this.#chunk);
      this.position += n;
      handler(null, n);
    }, this.#delayMs);
  }
}

/**
 * A user stream that reads `okBytes` of `data` in total and then fails with `error` (not a
 * SystemError), the way a stream wrapping some other library might. Completions are posted.
 */
export class ForeignErrorReadStream implements AsyncReadStream {
  readonly #executor: Executor;
  readonly #data: Uint8Array;
  readonly #okBytes: number;
  readonly #error: unknown;
  position = 0;

  constructor(executor: Executor, data: Uint8Array, okBytes: number, error: unknown) {
    this.#executor = executor;
    this.#data = data;
    this.#okBytes = okBytes;
    this.#error = error;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
    const n = bufferCopy(buffers, this.#data.subarray(this.position, this.#okBytes));
    this.position += n;
    const err = n === 0 ? this.#error : null;
    this.#executor.onWorkStarted();
    this.#executor.post(() => {
      this.#executor.onWorkFinished();
      (handler as (err: unknown, n: number) => void)(err, n);
    });
  }
}

/** A stream that records each handler and the size of each read it was asked for, and forwards to `inner`. */
export class RecordingReadStream implements AsyncReadStream {
  readonly inner: AsyncReadStream;
  readonly handlers: ReadHandler[] = [];
  readonly sizes: number[] = [];

  constructor(inner: AsyncReadStream) {
    this.inner = inner;
  }

  getExecutor(): Executor {
    return this.inner.getExecutor();
  }

  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): unknown {
    this.handlers.push(handler);
    // An array, so that the inner stream can walk it once more.
    const list = buffers instanceof Uint8Array ? buffers : [...buffers];
    this.sizes.push(bufferSize(list));
    return this.inner.asyncReadSome(list, handler);
  }
}
