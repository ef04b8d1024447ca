/**
 * Asio's `basic_streambuf`: a buffer that owns its bytes and is itself a DynamicBuffer v1, with
 * the `std::streambuf` calls `sputn` and `sgetn` for writing and reading in one step.
 */
import { checkOptionalLimit, describe, isUint8Array, unlimitedSize } from '../detail/check.js';
import { BasicDynamicBufferV1, vectorStore } from './basic-dynamic-buffer.js';
import { ByteVector } from './byte-vector.js';

const utf8 = new TextEncoder();

export class Streambuf extends BasicDynamicBufferV1 {
  readonly #vec: ByteVector;

  /** `maxSize` bounds `size()`; it defaults to no limit. */
  constructor(maxSize?: number) {
    const vec = new ByteVector();
    super(vectorStore(vec), checkOptionalLimit('maxSize', maxSize, unlimitedSize));
    this.#vec = vec;
  }

  /**
   * Append `bytes` (a string is encoded as UTF-8) and return how many bytes were appended:
   * fewer than given when `maxSize()` is reached, where a UTF-8 sequence may be cut. Replaces
   * any area `prepare` left uncommitted, as writing to a `std::streambuf` overwrites its put area.
   */
  sputn(bytes: Uint8Array | string): number {
    let src: Uint8Array;
    if (typeof bytes === 'string') src = utf8.encode(bytes);
    else if (isUint8Array(bytes)) src = bytes;
    else throw new TypeError(`bytes must be a Uint8Array or a string, got ${describe(bytes)}`);
    this.discardPrepared();
    const n = Math.min(src.length, Math.max(0, this.maxSize() - this.size()));
    // Appended in one copy: prepare + commit would zero the area first, then copy over it.
    this.#vec.append(n === src.length ? src : src.subarray(0, n));
    return n;
  }

  /** Move up to `target.length` readable bytes into `target` and return how many were moved. */
  sgetn(target: Uint8Array): number {
    if (!isUint8Array(target)) throw new TypeError(`target must be a Uint8Array, got ${describe(target)}`);
    const data = this.data();
    const n = Math.min(target.length, data.length);
    target.set(n === data.length ? data : data.subarray(0, n));
    this.consume(n);
    return n;
  }
}
