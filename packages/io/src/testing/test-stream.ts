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
import type { ConstBufferSequence } from '../buffers/buffer.js';
import { ByteVector } from '../buffers/byte-vector.js';
import { checkBufferSequence, checkLimit, checkSize, describe, isUint8Array } from '../detail/check.js';
import type { AsyncWriteStream, SyncWriteStream, WriteHandler, WriteSignature } from '../write/async-write-stream.js';

export interface TestStreamOptions {
  /** Most bytes one `asyncWriteSome`/`writeSome` accepts (Asio's test stream `next_write_length`). Default: unlimited. */
  maxWriteSize?: number;
  /** Fail once this many bytes in total have been accepted (the write that reaches it is cut short there). */
  failAt?: number;
  /** The error the failure reports. Default: `errors.brokenPipe`. */
  failWith?: ErrorCode;
  /**
   * `'post'` (default): each write completes at once, delivered through the handler's immediate
   * executor. `'manual'`: writes stay pending until `completePending()`, and can be cancelled
   * through the handler's slot (terminal or partial: completes with operationAborted, 0 bytes).
   */
  mode?: 'post' | 'manual';
}

interface Pending {
  handler: WriteHandler;
  work: HandlerWork<WriteSignature>;
  buffers: BufferList;
  onCancel: ((type: CancellationType) => void) | null;
}

/**
 * An in-memory AsyncWriteStream and SyncWriteStream for tests (Asio's `test_stream` in its
 * write tests): takes at most `maxWriteSize` bytes per write, records what it got, and can be
 * told to fail at a byte offset.
 */
export class TestStream implements AsyncWriteStream, SyncWriteStream {
  readonly #executor: Executor;
  readonly #received = new ByteVector();
  #maxWriteSize: number;
  #failAt: number;
  #failWith: ErrorCode;
  readonly #mode: 'post' | 'manual';
  #pending: Pending | null = null;
  /** Number of `asyncWriteSome` / `writeSome` calls made. */
  writeCalls = 0;

  constructor(executor: ExecutorOrContext, options: TestStreamOptions = {}) {
    this.#executor = toExecutor('executor', executor);
    if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object, got ${describe(options)}`);
    this.#maxWriteSize = options.maxWriteSize === undefined ? Infinity : checkLimit('options.maxWriteSize', options.maxWriteSize);
    this.#failAt = options.failAt === undefined ? Infinity : checkLimit('options.failAt', options.failAt);
    this.#failWith = options.failWith ?? errors.brokenPipe;
    const mode = options.mode ?? 'post';
    if (mode !== 'post' && mode !== 'manual') throw new TypeError(`options.mode must be 'post' or 'manual', got ${describe(mode)}`);
    this.#mode = mode;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  /** Forget what was received; optionally change the per-write limit. */
  reset(maxWriteSize: number = this.#maxWriteSize): void {
    this.#maxWriteSize = checkLimit('maxWriteSize', maxWriteSize);
    this.#received.resize(0);
    this.writeCalls = 0;
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

  /** True while a manual-mode write waits for `completePending()`. */
  hasPending(): boolean {
    return this.#pending !== null;
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
    const pending: Pending = { handler, work, buffers: seq, onCancel: null };
    const slot = getAssociatedCancellationSlot(handler);
    if (slot.isConnected()) {
      const onCancel = (type: CancellationType): void => {
        if ((type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total)) === 0) return;
        if (this.#pending !== pending) return;
        this.#pending = null;
        slot.release(onCancel);
        // HandlerWork queues it: this runs inside `CancellationSignal.emit`.
        pending.work.complete(makeError(errors.operationAborted), 0);
      };
      pending.onCancel = onCancel;
      slot.assign(onCancel);
    }
    this.#pending = pending;
    work.started();
  }

  /** Manual mode: accept the pending write now (up to the limits) and deliver its handler. */
  completePending(): boolean {
    const pending = this.#pending;
    if (pending === null) return false;
    this.#pending = null;
    if (pending.onCancel !== null) getAssociatedCancellationSlot(pending.handler).release(pending.onCancel);
    const [err, n] = this.#accept(pending.buffers);
    pending.work.complete(err, n);
    return true;
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
