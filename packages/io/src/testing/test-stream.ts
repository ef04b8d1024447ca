import {
  errors,
  getAssociatedCancellationSlot,
  HandlerWork,
  makeError,
  toExecutor,
  CancellationType,
  type ErrorCode,
  type Executor,
  type ExecutorOrContext,
  type SystemError,
} from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import { bufferCopy, type ConstBufferSequence, type MutableBufferSequence } from '../buffers/buffer.js';
import { ByteVector } from '../buffers/byte-vector.js';
import { checkBufferSequence, checkLimit, checkSize, describe, isUint8Array } from '../detail/check.js';
import type { AsyncReadStream, ReadHandler, SyncReadStream } from '../read/async-read-stream.js';
import type { AsyncWriteStream, SyncWriteStream, WriteHandler, WriteSignature } from '../write/async-write-stream.js';

export interface TestStreamOptions {
  /** Most bytes one `asyncWriteSome`/`writeSome` accepts (Asio's test stream `next_write_length`). Default: unlimited. */
  maxWriteSize?: number;
  /**
   * Most bytes one `asyncReadSome`/`readSome` returns (Asio's read test stream
   * `next_read_length`; `nextReadLength(n)` changes it). Default: unlimited.
   */
  maxReadSize?: number;
  /** Fail once this many bytes in total have been accepted (the write that reaches it is cut short there). */
  failAt?: number;
  /** The error the failure reports. Default: `errors.brokenPipe`. */
  failWith?: ErrorCode;
  /**
   * `'post'` (default): each read and write completes at once, delivered through the handler's
   * immediate executor. `'manual'`: they stay pending until `completePending()`, and can be
   * cancelled through the handler's slot (terminal, partial or total: completes with
   * operationAborted and 0 bytes; a cancelled read takes nothing from the data).
   */
  mode?: 'post' | 'manual';
}

interface Pending {
  handler: WriteHandler;
  work: HandlerWork<WriteSignature>;
  buffers: BufferList;
  onCancel: ((type: CancellationType) => void) | null;
}

const noData = new Uint8Array(0);
const utf8 = new TextEncoder();

/**
 * An in-memory stream for tests, Asio's `test_stream` of its read and write tests in one class.
 *
 * - The write side (AsyncWriteStream, SyncWriteStream): takes at most `maxWriteSize` bytes per
 *   write, records what it got (`received()`), and can be told to fail at a byte offset.
 * - The read side (AsyncReadStream, SyncReadStream): reads return the data given to
 *   `reset(data)`, at most `maxReadSize` (`nextReadLength(n)`) bytes per read; at its end a read
 *   gets `errors.eof` (only a read that got no byte); `failReadAt` makes reads fail at an offset.
 */
export class TestStream implements AsyncWriteStream, SyncWriteStream, AsyncReadStream, SyncReadStream {
  readonly #executor: Executor;
  readonly #received = new ByteVector();
  #maxWriteSize: number;
  #failAt: number;
  #failWith: ErrorCode;
  readonly #mode: 'post' | 'manual';
  #pending: Pending | null = null;
  #readData: Uint8Array = noData;
  #readPosition = 0;
  #maxReadSize: number;
  readonly #defaultMaxReadSize: number;
  #readFailAt = Infinity;
  #readFailWith: ErrorCode = errors.connectionReset;
  #pendingRead: Pending | null = null;
  /** Number of `asyncWriteSome` / `writeSome` calls made. */
  writeCalls = 0;
  /** Number of `asyncReadSome` / `readSome` calls made. */
  readCalls = 0;

  constructor(executor: ExecutorOrContext, options: TestStreamOptions = {}) {
    this.#executor = toExecutor('executor', executor);
    if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object, got ${describe(options)}`);
    this.#maxWriteSize = options.maxWriteSize === undefined ? Infinity : checkLimit('options.maxWriteSize', options.maxWriteSize);
    this.#maxReadSize = options.maxReadSize === undefined ? Infinity : checkLimit('options.maxReadSize', options.maxReadSize);
    this.#defaultMaxReadSize = this.#maxReadSize;
    this.#failAt = options.failAt === undefined ? Infinity : checkLimit('options.failAt', options.failAt);
    this.#failWith = options.failWith ?? errors.brokenPipe;
    const mode = options.mode ?? 'post';
    if (mode !== 'post' && mode !== 'manual') throw new TypeError(`options.mode must be 'post' or 'manual', got ${describe(mode)}`);
    this.#mode = mode;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  /** The write side: forget what was received; optionally change the per-write limit. */
  reset(maxWriteSize?: number): void;
  /**
   * The read side (Asio's read test stream `reset(data, length)`): reads return `data` (a string
   * as its UTF-8 bytes, copied) from its start, with the per-read limit back to
   * `options.maxReadSize` (unlimited unless given, as Asio's `reset` sets `next_read_length` to
   * the whole length) and no failure.
   */
  reset(data: Uint8Array | string): void;
  reset(arg?: number | Uint8Array | string): void {
    if (typeof arg === 'string' || isUint8Array(arg)) {
      this.#readData = typeof arg === 'string' ? utf8.encode(arg) : arg.slice();
      this.#readPosition = 0;
      this.#maxReadSize = this.#defaultMaxReadSize;
      this.#readFailAt = Infinity;
      this.readCalls = 0;
      return;
    }
    this.#maxWriteSize = checkLimit('maxWriteSize', arg === undefined ? this.#maxWriteSize : arg);
    this.#received.resize(0);
    this.writeCalls = 0;
  }

  /** Most bytes each later read returns (Asio's `next_read_length`). */
  nextReadLength(n: number): void {
    this.#maxReadSize = checkLimit('n', n);
  }

  /** Reads fail once they reach `offset` of the data (the read that reaches it is cut short there). */
  failReadAt(offset: number, error: ErrorCode = errors.connectionReset): void {
    this.#readFailAt = checkLimit('offset', offset);
    this.#readFailWith = error;
  }

  /** How many bytes of the data reads have returned so far. */
  bytesRead(): number {
    return this.#readPosition;
  }

  setMaxWriteSize(n: number): void {
    this.#maxWriteSize = checkLimit('n', n);
  }

  failAt(offset: number, error: ErrorCode = errors.brokenPipe): void {
    this.#failAt = checkLimit('offset', offset);
    this.#failWith = error;
  }

  /** A copy of every byte accepted so far. */
  received(): Uint8Array {
    return this.#received.bytes().slice();
  }

  /** True when the bytes accepted so far equal `expected`. */
  checkBuffers(expected: Uint8Array): boolean {
    const got = this.#received.bytes();
    if (got.length !== expected.length) return false;
    for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) return false;
    return true;
  }

  /** True while a manual-mode read or write waits for `completePending()`. */
  hasPending(): boolean {
    return this.#pending !== null || this.#pendingRead !== null;
  }

  writeSome(buffers: ConstBufferSequence): number {
    const seq = checkBufferSequence('buffers', buffers);
    this.writeCalls++;
    const [err, n] = this.#accept(seq);
    // A SyncWriteStream either returns the bytes it took or throws having taken none: the write
    // that reaches `failAt` returns its short count, and the next one throws.
    if (err !== null && n === 0) throw err;
    return n;
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    if (typeof handler !== 'function') throw new TypeError(`handler must be a function, got ${describe(handler)}`);
    // Checked (and a single-pass iterable read) before any work is taken, so a bad argument
    // throws without leaving the context with work that never finishes.
    const seq = checkBufferSequence('buffers', buffers);
    this.writeCalls++;
    const work = new HandlerWork(handler, this.#executor);
    if (this.#mode === 'post') {
      const [err, n] = this.#accept(seq);
      work.complete(err, n);
      return;
    }
    if (this.#pending !== null) {
      work.complete(makeError(errors.alreadyStarted), 0);
      return;
    }
    this.#pending = this.#park(handler, work, seq, 'write');
  }

  readSome(buffers: MutableBufferSequence): number {
    const seq = checkBufferSequence('buffers', buffers);
    this.readCalls++;
    const [err, n] = this.#take(seq);
    // As writeSome: the bytes read, or a throw having read none (eof at the end).
    if (err !== null && n === 0) throw err;
    return n;
  }

  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
    if (typeof handler !== 'function') throw new TypeError(`handler must be a function, got ${describe(handler)}`);
    const seq = checkBufferSequence('buffers', buffers);
    this.readCalls++;
    const work = new HandlerWork(handler, this.#executor);
    if (this.#mode === 'post') {
      const [err, n] = this.#take(seq);
      work.complete(err, n);
      return;
    }
    if (this.#pendingRead !== null) {
      work.complete(makeError(errors.alreadyStarted), 0);
      return;
    }
    // Nothing is taken from the data until the read completes.
    this.#pendingRead = this.#park(handler, work, seq, 'read');
  }

  // A manual-mode operation, cancellable through its handler's slot.
  #park(handler: WriteHandler, work: HandlerWork<WriteSignature>, buffers: BufferList, kind: 'read' | 'write'): Pending {
    const pending: Pending = { handler, work, buffers, onCancel: null };
    const slot = getAssociatedCancellationSlot(handler);
    if (slot.isConnected()) {
      const onCancel = (type: CancellationType): void => {
        if ((type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total)) === 0) return;
        if (kind === 'write' ? this.#pending !== pending : this.#pendingRead !== pending) return;
        if (kind === 'write') this.#pending = null;
        else this.#pendingRead = null;
        slot.release(onCancel);
        // HandlerWork queues it: this runs inside `CancellationSignal.emit`.
        pending.work.complete(makeError(errors.operationAborted), 0);
      };
      pending.onCancel = onCancel;
      slot.assign(onCancel);
    }
    work.started();
    return pending;
  }

  /**
   * Manual mode: complete what is pending, the write (accepted now, up to the limits) and the
   * read (its bytes taken now), and deliver their handlers. False when nothing was pending.
   */
  completePending(): boolean {
    const pending = this.#pending;
    const pendingRead = this.#pendingRead;
    if (pending !== null) {
      this.#pending = null;
      if (pending.onCancel !== null) getAssociatedCancellationSlot(pending.handler).release(pending.onCancel);
      const [err, n] = this.#accept(pending.buffers);
      pending.work.complete(err, n);
    }
    if (pendingRead !== null && this.#pendingRead === pendingRead) {
      this.#pendingRead = null;
      if (pendingRead.onCancel !== null) getAssociatedCancellationSlot(pendingRead.handler).release(pendingRead.onCancel);
      const [err, n] = this.#take(pendingRead.buffers);
      pendingRead.work.complete(err, n);
    }
    return pending !== null || pendingRead !== null;
  }

  // One read: at most `maxReadSize` bytes of what is left; eof at the end (when bytes were asked
  // for), or the `failReadAt` error once that offset is reached.
  #take(buffers: BufferList): [SystemError | null, number] {
    const wanted = sizeOfList(buffers);
    if (wanted === 0) return [null, 0];
    const at = this.#readPosition;
    let n = Math.min(wanted, this.#maxReadSize, this.#readData.length - at);
    let err: SystemError | null = null;
    if (at + n >= this.#readFailAt) {
      n = Math.max(0, this.#readFailAt - at);
      err = makeError(this.#readFailWith);
    } else if (n === 0 && at === this.#readData.length) {
      err = makeError(errors.eof);
    }
    checkSize('n', n);
    bufferCopy(buffers, this.#readData.subarray(at, at + n));
    this.#readPosition = at + n;
    return [err, n];
  }

  #accept(buffers: BufferList): [SystemError | null, number] {
    const total = sizeOfList(buffers);
    const already = this.#received.length;
    let n = Math.min(total, this.#maxWriteSize);
    let err: SystemError | null = null;
    if (already + n >= this.#failAt && total > 0) {
      n = Math.max(0, this.#failAt - already);
      err = makeError(this.#failWith);
    }
    checkSize('n', n);
    this.#append(buffers, n);
    return [err, n];
  }

  #append(buffers: BufferList, n: number): void {
    let left = n;
    const list: readonly Uint8Array[] = isUint8Array(buffers) ? [buffers] : buffers;
    for (const b of list) {
      if (left === 0) break;
      const take = Math.min(left, b.length);
      const at = this.#received.length;
      this.#received.resize(at + take);
      this.#received.bytes().set(b.subarray(0, take), at);
      left -= take;
    }
  }
}
