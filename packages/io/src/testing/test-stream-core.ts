/**
 * The operations of `TestStream`, its base class: the four I/O calls of the stream concepts,
 * `'post'` and `'manual'` completion, and the pending operations of manual mode. The
 * configuration calls are on `TestStream` itself (`test-stream.ts`).
 */
import { errors, HandlerWork, makeError, type Executor } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import type { ConstBufferSequence, MutableBufferSequence } from '../buffers/buffer.js';
import { checkBufferSequence, describe } from '../detail/check.js';
import type { AsyncReadStream, ReadHandler, SyncReadStream } from '../read/async-read-stream.js';
import type { AsyncWriteStream, SyncWriteStream, WriteHandler } from '../write/async-write-stream.js';
import { ManualOperation } from './manual-operation.js';
import type { TestReadData } from './test-stream-read.js';
import type { TestWriteSink } from './test-stream-write.js';

/** The I/O calls of `TestStream`, over the two sides it is given. */
export abstract class TestStreamCore implements AsyncWriteStream, SyncWriteStream, AsyncReadStream, SyncReadStream {
  readonly #executor: Executor;
  readonly #mode: 'post' | 'manual';
  readonly #reads: TestReadData;
  readonly #writes: TestWriteSink;
  #pendingWrite: ManualOperation | null = null;
  #pendingRead: ManualOperation | null = null;
  readonly #withdrawWrite = (op: ManualOperation): boolean => this.#pendingWrite === op && ((this.#pendingWrite = null), true);
  readonly #withdrawRead = (op: ManualOperation): boolean => this.#pendingRead === op && ((this.#pendingRead = null), true);
  /** Number of `asyncWriteSome` / `writeSome` calls made (since the last write-side `reset`). */
  writeCalls = 0;
  /** Number of `asyncReadSome` / `readSome` calls made (since the last `reset(data)`). */
  readCalls = 0;

  protected constructor(executor: Executor, mode: 'post' | 'manual', reads: TestReadData, writes: TestWriteSink) {
    this.#executor = executor;
    this.#mode = mode;
    this.#reads = reads;
    this.#writes = writes;
  }

  /**
   * The executor given to the constructor, where handlers run unless they carry their own.
   *
   * @example
   * ```ts
   * import { IoContext, post } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * post(new TestStream(ioc).getExecutor(), () => console.log('ran by ioc.run()'));
   * await ioc.run();
   * ```
   */
  getExecutor(): Executor {
    return this.#executor;
  }

  /**
   * Write some of `buffers` now (SyncWriteStream): accept at most `maxWriteSize` bytes and
   * return how many. The write that reaches `failAt` returns its short count; the next one
   * throws the SystemError, having taken nothing.
   *
   * @example
   * ```ts
   * import { systemExecutor, type SystemError } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor, { maxWriteSize: 3, failAt: 5 });
   * console.log(stream.writeSome(new Uint8Array(8)), stream.writeSome(new Uint8Array(8))); // 3 2
   * try {
   *   stream.writeSome(new Uint8Array(8));
   * } catch (e) {
   *   console.log((e as SystemError).code); // EPIPE: failAt reached
   * }
   * ```
   */
  writeSome(buffers: ConstBufferSequence): number {
    const seq = checkBufferSequence('buffers', buffers);
    this.writeCalls++;
    return TestStreamCore.#syncResult(this.#writes.accept(seq));
  }

  /**
   * Write some of `buffers` (AsyncWriteStream): the handler gets `(err, bytesAccepted)`, never
   * inside this call. It takes a function handler only (as a user's own stream may); the
   * composed operations give it one. In manual mode the write waits for `completePending()`
   * (a second one meanwhile completes with `alreadyStarted`), and cancellation (terminal, partial
   * or total) completes it with `operationAborted` and 0 bytes, having accepted nothing.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const stream = new TestStream(ioc, { maxWriteSize: 4 });
   * stream.asyncWriteSome(new Uint8Array(10), (err, n) => console.log(err, n)); // null 4
   * await ioc.run();
   * ```
   */
  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    this.#start(buffers, handler, 'write');
  }

  /**
   * Read some of the data into `buffers` now (SyncReadStream): at most `maxReadSize` bytes;
   * returns how many. At the end of the data, or once the `failReadAt` offset was reached, it
   * throws the SystemError (`errors.eof` at the end) having read nothing.
   *
   * @example
   * ```ts
   * import { systemExecutor, type SystemError } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor);
   * stream.reset('abc');
   * console.log(stream.readSome(new Uint8Array(8))); // 3
   * try {
   *   stream.readSome(new Uint8Array(8));
   * } catch (e) {
   *   console.log((e as SystemError).code); // EOF
   * }
   * ```
   */
  readSome(buffers: MutableBufferSequence): number {
    const seq = checkBufferSequence('buffers', buffers);
    this.readCalls++;
    return TestStreamCore.#syncResult(this.#reads.take(seq));
  }

  /**
   * Read some of the data into `buffers` (AsyncReadStream): the handler gets `(err, bytesRead)`,
   * `(errors.eof, 0)` at the end, never inside this call. A function handler only, as for
   * `asyncWriteSome`. In manual mode the read waits for `completePending()`, and takes its bytes
   * then; cancellation (terminal, partial or total) completes it with `operationAborted` and 0
   * bytes, and the data it would have read is there for the next read.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const stream = new TestStream(ioc, { maxReadSize: 2 });
   * stream.reset('abc');
   * stream.asyncReadSome(new Uint8Array(8), (err, n) => console.log(err, n)); // null 2
   * await ioc.run();
   * ```
   */
  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
    this.#start(buffers, handler, 'read');
  }

  /**
   * True while a manual-mode read or write waits for `completePending()`.
   *
   * @example
   * ```ts
   * import { systemExecutor } from '@asio-ts/core';
   * import { TestStream } from '@asio-ts/io';
   *
   * const stream = new TestStream(systemExecutor, { mode: 'manual' });
   * stream.asyncWriteSome(new Uint8Array(4), (err, n) => console.log(err, n)); // null 4, once completed
   * console.log(stream.hasPending(), stream.completePending(), stream.hasPending()); // true true false
   * ```
   */
  hasPending(): boolean {
    return this.#pendingWrite !== null || this.#pendingRead !== null;
  }

  /**
   * Manual mode: complete what is pending, the write (accepted now, up to the limits) and the
   * read (its bytes taken now), and deliver their handlers (through their executors, as any
   * completion). False when nothing was pending.
   *
   * @example
   * ```ts
   * import { IoContext, asTuple, useFuture } from '@asio-ts/core';
   * import { TestStream, asyncWrite } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const stream = new TestStream(ioc, { mode: 'manual' });
   * const written = asyncWrite(stream, new Uint8Array(6), asTuple(useFuture)); // its first write waits
   * console.log(stream.completePending(), stream.completePending()); // true false
   * await ioc.run();
   * console.log(await written); // [ null, 6 ]
   * ```
   */
  completePending(): boolean {
    const write = this.#pendingWrite;
    const read = this.#pendingRead;
    if (write !== null) {
      this.#pendingWrite = null;
      write.complete(...this.#writes.accept(write.buffers));
    }
    // A write's handler cannot have started another read yet: it runs later, through its executor.
    if (read !== null && this.#pendingRead === read) {
      this.#pendingRead = null;
      read.complete(...this.#reads.take(read.buffers));
    }
    return write !== null || read !== null;
  }

  // A sync stream returns the bytes it moved, or throws having moved none.
  static #syncResult([err, n]: [Error | null, number]): number {
    if (err !== null && n === 0) throw err;
    return n;
  }

  #start(buffers: unknown, handler: WriteHandler, kind: 'read' | 'write'): void {
    if (typeof handler !== 'function') throw new TypeError(`handler must be a function, got ${describe(handler)}`);
    // Checked (and a single-pass iterable read) before any work is taken, so a bad argument
    // throws without leaving the context with work that never finishes. A manual operation
    // keeps the array until completePending(): its own copy, as the caller may reuse its array.
    const seq: BufferList = checkBufferSequence('buffers', buffers, this.#mode === 'manual');
    if (kind === 'write') this.writeCalls++;
    else this.readCalls++;
    const work = new HandlerWork(handler, this.#executor);
    if (this.#mode === 'post') return void work.complete(...(kind === 'write' ? this.#writes.accept(seq) : this.#reads.take(seq)));
    if ((kind === 'write' ? this.#pendingWrite : this.#pendingRead) !== null) return void work.complete(makeError(errors.alreadyStarted), 0);
    // Nothing is accepted or taken until the operation completes.
    if (kind === 'write') this.#pendingWrite = new ManualOperation(handler, work, seq, this.#withdrawWrite);
    else this.#pendingRead = new ManualOperation(handler, work, seq, this.#withdrawRead);
  }
}
