/**
 * The write side of `TestStream` (Asio's test stream of its write tests): what was accepted, the
 * per-write limit, and the offset at which writes fail.
 */
import { makeError, type ErrorCode, type SystemError } from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import { ByteVector } from '../buffers/byte-vector.js';
import { checkLimit, checkSize, isUint8Array } from '../detail/check.js';

/** What the writes of a `TestStream` accepted, and the limits they obey. */
export class TestWriteSink {
  readonly #received = new ByteVector();
  #maxWriteSize: number;
  #failAt: number;
  #failWith: ErrorCode;

  constructor(maxWriteSize: number, failAt: number, failWith: ErrorCode) {
    this.#maxWriteSize = maxWriteSize;
    this.#failAt = failAt;
    this.#failWith = failWith;
  }

  /** Forget what was received; `maxWriteSize` (checked under that name) replaces the limit when given. */
  reset(maxWriteSize: unknown): void {
    this.#maxWriteSize = checkLimit('maxWriteSize', maxWriteSize === undefined ? this.#maxWriteSize : maxWriteSize);
    this.#received.resize(0);
  }

  setMaxWriteSize(n: number): void {
    this.#maxWriteSize = checkLimit('n', n);
  }

  failAt(offset: number, error: ErrorCode): void {
    this.#failAt = checkLimit('offset', offset);
    this.#failWith = error;
  }

  /** A view of every byte accepted so far (valid until the next write or reset). */
  received(): Uint8Array {
    return this.#received.bytes();
  }

  /** One write of `buffers`: at most `maxWriteSize` bytes, cut short at the `failAt` offset. */
  accept(buffers: BufferList): [SystemError | null, number] {
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
