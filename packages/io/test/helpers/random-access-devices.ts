/**
 * In-memory random-access devices for the tests (Asio's `test_random_access_device` of
 * `asio/src/tests/unit/read_at.cpp` and `write_at.cpp`): 8192 bytes of storage, a per-call
 * length limit (`next_read_length` / `next_write_length`), and `checkBuffers(offset, buffers,
 * length)`. Beyond Asio's: a `'manual'` mode whose operation waits for `completePending()` and
 * can be cancelled through the handler's slot, an `'inline'` mode that calls the handler inside
 * the initiating call (a misbehaving user device), end-of-data as `errors.eof`, and a failure
 * at an offset.
 */
import {
  CancellationType,
  errors,
  getAssociatedCancellationSlot,
  HandlerWork,
  makeError,
  toExecutor,
  type CancellationHandler,
  type ErrorCode,
  type Executor,
  type ExecutorOrContext,
  type SystemError,
} from '@asio-ts/core';
import {
  bufferCopy,
  bufferSize,
  type AsyncRandomAccessReadDevice,
  type AsyncRandomAccessWriteDevice,
  type ConstBufferSequence,
  type MutableBufferSequence,
  type ReadHandler,
  type SyncRandomAccessReadDevice,
  type SyncRandomAccessWriteDevice,
  type WriteHandler,
} from '@asio-ts/io';
import { concat } from './bytes.js';

/** Asio's `max_length`. */
export const maxLength = 8192;

export type DeviceMode = 'post' | 'manual' | 'inline';

export interface DeviceOptions {
  mode?: DeviceMode;
  /** Past the stored data a read reports `errors.eof` (Asio's test device reports 0 bytes, no error). */
  eofAtEnd?: boolean;
}

type Handler = (err: SystemError | null, n: number) => void;

interface Pending {
  readonly work: HandlerWork<[SystemError | null, number]>;
  readonly run: () => [SystemError | null, number];
  readonly release: () => void;
}

/** What both devices share: the executor, the modes, the failure and the pending operation. */
abstract class DeviceBase {
  readonly #executor: Executor;
  readonly #mode: DeviceMode;
  protected readonly data = new Uint8Array(maxLength);
  #pending: Pending | null = null;
  #failAt = Infinity;
  #failWith: ErrorCode = errors.brokenPipe;
  /** The offset of each call, in order. */
  readonly offsets: number[] = [];

  constructor(executor: ExecutorOrContext, mode: DeviceMode) {
    this.#executor = toExecutor('executor', executor);
    this.#mode = mode;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  /** Calls made so far (sync and async). */
  get calls(): number {
    return this.offsets.length;
  }

  /** A call whose range reaches `offset` transfers up to it and fails with `error`. */
  failAt(offset: number, error: ErrorCode = errors.brokenPipe): void {
    this.#failAt = offset;
    this.#failWith = error;
  }

  /** True compares the first `length` bytes of `buffers` with the stored bytes at `offset`. */
  checkBuffers(offset: number, buffers: ConstBufferSequence, length: number): boolean {
    if (offset + length > maxLength) return false;
    const got = concat(buffers).subarray(0, length);
    if (got.length < length) return false;
    for (let i = 0; i < length; i++) if (got[i] !== this.data[offset + i]) return false;
    return true;
  }

  hasPending(): boolean {
    return this.#pending !== null;
  }

  /** Manual mode: run the pending operation now and deliver its handler. */
  completePending(): boolean {
    const pending = this.#pending;
    if (pending === null) return false;
    this.#pending = null;
    pending.release();
    const [err, n] = pending.run();
    pending.work.complete(err, n);
    return true;
  }

  /**
   * Cut a transfer of `wanted` bytes at `offset` at the failure offset: the bytes to transfer,
   * and the error if the failure is reached.
   */
  protected limitAt(offset: number, wanted: number): [number, SystemError | null] {
    if (wanted > 0 && offset + wanted >= this.#failAt) return [Math.max(0, this.#failAt - offset), makeError(this.#failWith)];
    return [wanted, null];
  }

  protected start(offset: number, handler: Handler, run: () => [SystemError | null, number]): void {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    this.offsets.push(offset);
    if (this.#mode === 'inline') {
      const [err, n] = run();
      handler(err, n);
      return;
    }
    const work = new HandlerWork<[SystemError | null, number]>(handler, this.#executor);
    if (this.#mode === 'post') {
      const [err, n] = run();
      work.complete(err, n);
      return;
    }
    if (this.#pending !== null) {
      work.complete(makeError(errors.alreadyStarted), 0);
      return;
    }
    const slot = getAssociatedCancellationSlot(handler);
    let release = (): void => {};
    if (slot.isConnected()) {
      const onCancel: CancellationHandler = (type) => {
        if ((type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total)) === 0) return;
        if (this.#pending === null || this.#pending.work !== work) return;
        this.#pending = null;
        slot.release(onCancel);
        work.complete(makeError(errors.operationAborted), 0);
      };
      slot.assign(onCancel);
      release = () => slot.release(onCancel);
    }
    this.#pending = { work, run, release };
    work.started();
  }
}

/** Asio's read_at.cpp device: `reset(data)` repeats `data` through the storage. */
export class TestReadDevice extends DeviceBase implements AsyncRandomAccessReadDevice, SyncRandomAccessReadDevice {
  #length = 0;
  #nextReadLength = 0;
  readonly #eofAtEnd: boolean;

  constructor(executor: ExecutorOrContext, options: DeviceOptions = {}) {
    super(executor, options.mode ?? 'post');
    this.#eofAtEnd = options.eofAtEnd ?? false;
  }

  /** Fill the storage with copies of `data` (as Asio's, while another whole copy fits) and read `data.length` per call. */
  reset(data: Uint8Array): void {
    this.#length = 0;
    while (this.#length + data.length < maxLength) {
      this.data.set(data, this.#length);
      this.#length += data.length;
    }
    this.#nextReadLength = data.length;
    this.offsets.length = 0;
  }

  /** Store exactly `data` (for the end-of-data tests); reads are then unlimited. */
  store(data: Uint8Array): void {
    this.data.fill(0);
    this.data.set(data);
    this.#length = data.length;
    this.#nextReadLength = Infinity;
    this.offsets.length = 0;
  }

  /** Bytes stored. */
  get length(): number {
    return this.#length;
  }

  nextReadLength(n: number): void {
    this.#nextReadLength = n;
  }

  readSomeAt(offset: number, buffers: MutableBufferSequence): number {
    const [err, n] = this.#read(offset, buffers, true);
    if (err !== null && n === 0) throw err;
    return n;
  }

  asyncReadSomeAt(offset: number, buffers: MutableBufferSequence, handler: ReadHandler): void {
    const list = buffers instanceof Uint8Array ? buffers : [...buffers];
    this.start(offset, handler, () => this.#read(offset, list, false));
  }

  #read(offset: number, buffers: MutableBufferSequence, record: boolean): [SystemError | null, number] {
    if (record) this.offsets.push(offset);
    if (this.#eofAtEnd && offset >= this.#length) return [makeError(errors.eof), 0];
    const source = this.data.subarray(Math.min(offset, this.#length), this.#length);
    const [limit, err] = this.limitAt(offset, Math.min(this.#nextReadLength, bufferSize(buffers), source.length));
    return [err, bufferCopy(buffers, source, limit)];
  }
}

/** Asio's write_at.cpp device: zeroed storage, `nextWriteLength` per call. */
export class TestWriteDevice extends DeviceBase implements AsyncRandomAccessWriteDevice, SyncRandomAccessWriteDevice {
  #nextWriteLength = maxLength;

  constructor(executor: ExecutorOrContext, options: DeviceOptions = {}) {
    super(executor, options.mode ?? 'post');
  }

  reset(): void {
    this.data.fill(0);
    this.#nextWriteLength = maxLength;
    this.offsets.length = 0;
  }

  nextWriteLength(n: number): void {
    this.#nextWriteLength = n;
  }

  /** A copy of the stored bytes from `offset` to `end`. */
  bytes(offset = 0, end = maxLength): Uint8Array {
    return this.data.slice(offset, end);
  }

  writeSomeAt(offset: number, buffers: ConstBufferSequence): number {
    const [err, n] = this.#write(offset, buffers, true);
    if (err !== null && n === 0) throw err;
    return n;
  }

  asyncWriteSomeAt(offset: number, buffers: ConstBufferSequence, handler: WriteHandler): void {
    const list = buffers instanceof Uint8Array ? buffers : [...buffers];
    this.start(offset, handler, () => this.#write(offset, list, false));
  }

  #write(offset: number, buffers: ConstBufferSequence, record: boolean): [SystemError | null, number] {
    if (record) this.offsets.push(offset);
    const target = this.data.subarray(Math.min(offset, maxLength));
    const [limit, err] = this.limitAt(offset, Math.min(this.#nextWriteLength, bufferSize(buffers), target.length));
    return [err, bufferCopy(target, buffers, limit)];
  }
}
