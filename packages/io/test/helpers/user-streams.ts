/**
 * AsyncWriteStreams as users write them, each breaking a habit of Asio's own streams: completing
 * inside `asyncWriteSome`, completing from a host timer, failing with an error that is not a
 * SystemError, or recording the handlers it is given.
 */
import type { Executor } from '@asio-ts/core';
import type { AsyncWriteStream, ConstBufferSequence, WriteHandler } from '@asio-ts/io';
import { concat } from './bytes.js';

/**
 * A user-written AsyncWriteStream that completes *inside* `asyncWriteSome` (calling the handler
 * on the caller's stack), which the AsyncWriteStream concept discourages but real code does.
 * Takes at most `maxWriteSize` bytes per call; records nesting depth to detect recursion.
 */
export class InlineStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #maxWriteSize: number;
  readonly #sink: Uint8Array;
  length = 0;
  calls = 0;
  depth = 0;
  maxDepth = 0;

  constructor(executor: Executor, capacity: number, maxWriteSize = Infinity) {
    this.#executor = executor;
    this.#maxWriteSize = maxWriteSize;
    this.#sink = new Uint8Array(capacity);
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  received(): Uint8Array {
    return this.#sink.subarray(0, this.length);
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    this.calls++;
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
    try {
      let left = this.#maxWriteSize;
      let n = 0;
      for (const b of buffers instanceof Uint8Array ? [buffers] : buffers) {
        if (left === 0) break;
        const take = Math.min(left, b.length);
        this.#sink.set(b.subarray(0, take), this.length);
        this.length += take;
        n += take;
        left -= take;
      }
      handler(null, n);
    } finally {
      this.depth--;
    }
  }
}

/** A user stream whose writes complete later, from a host timer, calling the handler directly. */
export class TimerStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #chunk: number;
  readonly #delayMs: number;
  readonly received: number[] = [];

  constructor(executor: Executor, chunk: number, delayMs: number) {
    this.#executor = executor;
    this.#chunk = chunk;
    this.#delayMs = delayMs;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const bytes = concat(buffers).subarray(0, this.#chunk);
    setTimeout(() => {
      this.received.push(...bytes);
      handler(null, bytes.length);
    }, this.#delayMs);
  }
}

/**
 * A user stream that accepts `okBytes` in total and then fails with `error` (not a SystemError),
 * the way a stream wrapping some other library might. Completions are posted to its executor.
 */
export class ForeignErrorStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #okBytes: number;
  readonly #error: unknown;
  length = 0;

  constructor(executor: Executor, okBytes: number, error: unknown) {
    this.#executor = executor;
    this.#okBytes = okBytes;
    this.#error = error;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const size = concat(buffers).length;
    const n = Math.min(size, this.#okBytes - this.length);
    this.length += n;
    const err = this.length >= this.#okBytes ? this.#error : null;
    this.#executor.onWorkStarted();
    this.#executor.post(() => {
      this.#executor.onWorkFinished();
      (handler as (err: unknown, n: number) => void)(err, n);
    });
  }
}

/** A stream that records each handler `asyncWriteSome` got, and forwards to `inner`. */
export class RecordingStream implements AsyncWriteStream {
  readonly inner: AsyncWriteStream;
  readonly handlers: WriteHandler[] = [];

  constructor(inner: AsyncWriteStream) {
    this.inner = inner;
  }

  getExecutor(): Executor {
    return this.inner.getExecutor();
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): unknown {
    this.handlers.push(handler);
    return this.inner.asyncWriteSome(buffers, handler);
  }
}
