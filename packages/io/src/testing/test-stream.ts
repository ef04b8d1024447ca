/**
 * `TestStream`: the in-memory stream of Asio's read and write unit tests (their `test_stream`),
 * one class with both sides: the configuration calls here, the I/O calls in its base class
 * (`test-stream-core.ts`), the sides' state in `test-stream-read.ts` and `test-stream-write.ts`.
 */
import { errors, toExecutor, type ErrorCode, type ExecutorOrContext } from '@asio-ts/core';
import { checkLimit, describe } from '../detail/check.js';
import type { TestStreamOptions } from './test-stream-options.js';
import { TestStreamCore } from './test-stream-core.js';
import { TestReadData } from './test-stream-read.js';
import { TestWriteSink } from './test-stream-write.js';

export type { TestStreamOptions } from './test-stream-options.js';

/**
 * An in-memory stream for tests, Asio's `test_stream` of its read and write tests in one class:
 * an AsyncWriteStream, SyncWriteStream, AsyncReadStream and SyncReadStream.
 *
 * - The write side takes at most `maxWriteSize` bytes per write, records what it got
 *   (`received()`), and can be told to fail at a byte offset (`failAt`).
 * - The read side returns the data given to `reset(data)`, at most `maxReadSize`
 *   (`nextReadLength(n)`) bytes per read; at its end a read gets `errors.eof` (only a read that
 *   got no byte); `failReadAt` makes reads fail at an offset.
 * - Handlers get `(err, bytesTransferred)`, never inside the initiating call. In `'manual'`
 *   mode an operation waits for `completePending()`, and cancelling it (terminal, partial or
 *   total) completes it with `operationAborted` and 0 bytes, taking no data.
 *
 * @example
 * ```ts
 * import { IoContext } from '@asio-ts/core';
 * import { TestStream, asyncRead, asyncWrite } from '@asio-ts/io';
 *
 * const ioc = new IoContext();
 * const stream = new TestStream(ioc, { maxWriteSize: 4 });
 * stream.reset('hello');
 * const got = new Uint8Array(5);
 * asyncWrite(stream, new TextEncoder().encode('abcdefgh'), (err, n) => console.log(err, n)); // null 8
 * asyncRead(stream, got, (err, n) => console.log(err, n, new TextDecoder().decode(got))); // null 5 hello
 * await ioc.run();
 * console.log(stream.writeCalls); // 2: four bytes per write
 * ```
 */
export class TestStream extends TestStreamCore {
  readonly #reads: TestReadData;
  readonly #writes: TestWriteSink;

  /** A stream completing on `executor` (an executor or an execution context such as an `IoContext`). */
  constructor(executor: ExecutorOrContext, options: TestStreamOptions = {}) {
    const ex = toExecutor('executor', executor);
    if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object, got ${describe(options)}`);
    const maxWriteSize = options.maxWriteSize === undefined ? Infinity : checkLimit('options.maxWriteSize', options.maxWriteSize);
    const reads = new TestReadData(options.maxReadSize === undefined ? Infinity : checkLimit('options.maxReadSize', options.maxReadSize));
    const failAt = options.failAt === undefined ? Infinity : checkLimit('options.failAt', options.failAt);
    const writes = new TestWriteSink(maxWriteSize, failAt, options.failWith ?? errors.brokenPipe);
    const mode = options.mode ?? 'post';
    if (mode !== 'post' && mode !== 'manual') throw new TypeError(`options.mode must be 'post' or 'manual', got ${describe(mode)}`);
    super(ex, mode, reads, writes);
    this.#reads = reads;
    this.#writes = writes;
  }

  /**
   * The write side: forget what was received and reset `writeCalls`; `maxWriteSize` replaces
   * the per-write limit when given.
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.writeSome(new Uint8Array(8));
   * stream.reset(2);
   * console.log(stream.received().length, stream.writeSome(new Uint8Array(8))); // 0 2
   * ```
   */
  reset(maxWriteSize?: number): void;
  /**
   * The read side (Asio's read test stream `reset(data, length)`): reads return `data` (a string
   * as its UTF-8 bytes, copied) from its start, with the per-read limit back to
   * `options.maxReadSize` (unlimited unless given, as Asio's `reset` sets `next_read_length` to
   * the whole length), no failure, and `readCalls` 0.
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.reset('line\n');
   * console.log(stream.readSome(new Uint8Array(16))); // 5
   * ```
   */
  reset(data: Uint8Array | string): void;
  reset(arg?: number | Uint8Array | string): void {
    if (TestReadData.isData(arg)) {
      this.#reads.reset(arg);
      this.readCalls = 0;
      return;
    }
    this.#writes.reset(arg);
    this.writeCalls = 0;
  }

  /**
   * Most bytes each later read returns (Asio's `next_read_length`), until the next `reset(data)`.
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.reset('abcdef');
   * stream.nextReadLength(2);
   * console.log(stream.readSome(new Uint8Array(16)), stream.readSome(new Uint8Array(16))); // 2 2
   * ```
   */
  nextReadLength(n: number): void {
    this.#reads.nextReadLength(n);
  }

  /**
   * Reads fail with `error` once they reach `offset` of the data (the read that reaches it is
   * cut short there, and reports the bytes before it with the error).
   *
   * @example
   * ```ts
   * import { IoContext, errors } from '@asio-ts/core';
   * import { TestStream, asyncRead } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const stream = new TestStream(ioc);
   * stream.reset('abcdef');
   * stream.failReadAt(3, errors.connectionReset);
   * asyncRead(stream, new Uint8Array(6), (err, n) => console.log(err?.code, n)); // ECONNRESET 3
   * await ioc.run();
   * ```
   */
  failReadAt(offset: number, error: ErrorCode = errors.connectionReset): void {
    this.#reads.failAt(offset, error);
  }

  /**
   * How many bytes of the data reads have returned so far.
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.reset('abcdef');
   * stream.readSome(new Uint8Array(4));
   * console.log(stream.bytesRead()); // 4
   * ```
   */
  bytesRead(): number {
    return this.#reads.position();
  }

  /**
   * Most bytes each later write accepts (Asio's `next_write_length`).
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.setMaxWriteSize(3);
   * console.log(stream.writeSome(new Uint8Array(8))); // 3
   * ```
   */
  setMaxWriteSize(n: number): void {
    this.#writes.setMaxWriteSize(n);
  }

  /**
   * Writes fail with `error` once `offset` bytes in total were accepted (the write that reaches
   * it is cut short there, and reports the bytes before it with the error).
   *
   * @example
   * ```ts
   * import { IoContext, errors } from '@asio-ts/core';
   * import { TestStream, asyncWrite } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const stream = new TestStream(ioc);
   * stream.failAt(5, errors.connectionReset);
   * asyncWrite(stream, new Uint8Array(8), (err, n) => console.log(err?.code, n)); // ECONNRESET 5
   * await ioc.run();
   * ```
   */
  failAt(offset: number, error: ErrorCode = errors.brokenPipe): void {
    this.#writes.failAt(offset, error);
  }

  /**
   * A copy of every byte accepted so far.
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.writeSome(new TextEncoder().encode('hi'));
   * console.log(new TextDecoder().decode(stream.received())); // hi
   * ```
   */
  received(): Uint8Array {
    return this.#writes.received().slice();
  }

  /**
   * True when the bytes accepted so far equal `expected` (Asio's `check_buffers`).
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.writeSome(Uint8Array.of(1, 2));
   * console.log(stream.checkBuffers(Uint8Array.of(1, 2)), stream.checkBuffers(Uint8Array.of(1))); // true false
   * ```
   */
  checkBuffers(expected: Uint8Array): boolean {
    const got = this.#writes.received();
    return got.length === expected.length && got.every((b, i) => b === expected[i]);
  }

}
