/**
 * The read side of `TestStream` (Asio's read test stream of its read tests): the data reads
 * return, the per-read limit, and the offset at which reads fail.
 */
import { errors, makeError, type ErrorCode, type SystemError } from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import { bufferCopy } from '../buffers/buffer.js';
import { checkLimit, checkSize, isUint8Array } from '../detail/check.js';

const noData = new Uint8Array(0);
const utf8 = new TextEncoder();

/** What the reads of a `TestStream` return, and where they are in it. */
export class TestReadData {
  #data: Uint8Array = noData;
  #position = 0;
  #maxReadSize: number;
  readonly #defaultMaxReadSize: number;
  #failAt = Infinity;
  #failWith: ErrorCode = errors.connectionReset;

  constructor(maxReadSize: number) {
    this.#maxReadSize = maxReadSize;
    this.#defaultMaxReadSize = maxReadSize;
  }

  /** True when `arg` is data for `reset` (a string or bytes), not a write-side limit. */
  static isData(arg: unknown): arg is Uint8Array | string {
    return typeof arg === 'string' || isUint8Array(arg);
  }

  /** Read `data` (copied) from its start, with the default per-read limit and no failure. */
  reset(data: Uint8Array | string): void {
    this.#data = typeof data === 'string' ? utf8.encode(data) : data.slice();
    this.#position = 0;
    this.#maxReadSize = this.#defaultMaxReadSize;
    this.#failAt = Infinity;
  }

  nextReadLength(n: number): void {
    this.#maxReadSize = checkLimit('n', n);
  }

  failAt(offset: number, error: ErrorCode): void {
    this.#failAt = checkLimit('offset', offset);
    this.#failWith = error;
  }

  /** How many bytes of the data reads have returned so far. */
  position(): number {
    return this.#position;
  }

  /**
   * One read into `buffers`: at most `maxReadSize` bytes of what is left; eof at the end (when
   * bytes were asked for), or the `failAt` error once that offset is reached.
   */
  take(buffers: BufferList): [SystemError | null, number] {
    const wanted = sizeOfList(buffers);
    if (wanted === 0) return [null, 0];
    const at = this.#position;
    let n = Math.min(wanted, this.#maxReadSize, this.#data.length - at);
    let err: SystemError | null = null;
    if (at + n >= this.#failAt) {
      n = Math.max(0, this.#failAt - at);
      err = makeError(this.#failWith);
    } else if (n === 0 && at === this.#data.length) {
      err = makeError(errors.eof);
    }
    checkSize('n', n);
    bufferCopy(buffers, this.#data.subarray(at, at + n));
    this.#position = at + n;
    return [err, n];
  }
}
