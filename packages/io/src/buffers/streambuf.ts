/**
 * Asio's `basic_streambuf`: a buffer that owns its bytes and is itself a DynamicBuffer v1, with
 * the `std::streambuf` calls `sputn` and `sgetn` for writing and reading in one step.
 */
import { checkLimit, checkOptionalLimit, describe, isUint8Array, unlimitedSize } from '../detail/check.js';
import { BasicDynamicBufferV1 } from './basic-dynamic-buffer.js';
import { vectorStore } from './byte-store.js';
import { ByteVector } from './byte-vector.js';

const utf8 = new TextEncoder();

/**
 * A buffer that owns its bytes and is itself a DynamicBuffer v1 (Asio's `basic_streambuf`), with
 * `sputn` and `sgetn` for writing and reading in one step. Pass it to `asyncWrite`: the bytes
 * written are consumed from it.
 *
 * @example
 * ```ts
 * import { systemExecutor, useFuture } from '@asio-ts/core';
 * import { Streambuf, TestStream, asyncWrite } from '@asio-ts/io';
 *
 * const sb = new Streambuf();
 * sb.sputn('HTTP/1.1 204 No Content\r\n\r\n');
 * const n = await asyncWrite(new TestStream(systemExecutor), sb, useFuture);
 * console.log(n, sb.size()); // 27 0
 * ```
 */
export class Streambuf extends BasicDynamicBufferV1 {
  readonly #vec: ByteVector;

  /** `maxSize` bounds `size()`; it defaults to no limit. */
  constructor(maxSize?: number) {
    const vec = new ByteVector();
    super(vectorStore(vec), checkOptionalLimit('maxSize', maxSize, unlimitedSize));
    this.#vec = vec;
  }

  // `data` and `consume` go straight to the vector while no prepared area is pending (every
  // write of a streambuf): the store's layer costs a tenth of such a write.

  /**
   * The readable bytes (Asio's `basic_streambuf::data`).
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('abc');
   * console.log(new TextDecoder().decode(sb.data())); // abc
   * ```
   */
  override data(): Uint8Array {
    const vec = this.#vec;
    // A subclass's own `size()` is honoured through the general path.
    return !this.hasPrepared() && this.size === ownSize && vec.length <= this.maxSize() ? vec.bytes() : super.data();
  }

  /**
   * Remove `n` bytes from the front, all of them if fewer (Asio's `basic_streambuf::consume`).
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('abc');
   * sb.consume(2);
   * console.log(sb.size()); // 1
   * ```
   */
  override consume(n: number): void {
    if (this.hasPrepared()) return super.consume(n);
    checkLimit('n', n);
    const vec = this.#vec;
    const m = Math.min(n, vec.length);
    if (m > 0) vec.eraseFront(m);
  }

  protected override ownData(): boolean {
    return !this.hasPrepared() && this.data === ownStreambufData;
  }

  /**
   * Append `bytes` (a string is encoded as UTF-8) and return how many bytes were appended:
   * fewer than given when `maxSize()` is reached, where a UTF-8 sequence may be cut. Replaces
   * any area `prepare` left uncommitted, as writing to a `std::streambuf` overwrites its put area.
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf(8);
   * console.log(sb.sputn('hello'), sb.sputn(new Uint8Array([0x20, 0x77, 0x6f, 0x72]))); // 5 3: full at 8
   * ```
   */
  sputn(bytes: Uint8Array | string): number {
    let src: Uint8Array;
    if (typeof bytes === 'string') src = utf8.encode(bytes);
    else if (isUint8Array(bytes)) src = bytes;
    else throw new TypeError(`bytes must be a Uint8Array or a string, got ${describe(bytes)}`);
    this.discardPrepared();
    const vec = this.#vec;
    const n = Math.min(src.length, Math.max(0, this.maxSize() - vec.length));
    // Appended in one copy: prepare + commit would zero the area first, then copy over it.
    vec.append(n === src.length ? src : src.subarray(0, n));
    return n;
  }

  /**
   * Move up to `target.length` readable bytes into `target` and return how many were moved;
   * they are consumed from the streambuf.
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('key=value');
   * const key = new Uint8Array(3);
   * console.log(sb.sgetn(key), new TextDecoder().decode(key), sb.size()); // 3 key 6
   * ```
   */
  sgetn(target: Uint8Array): number {
    if (!isUint8Array(target)) throw new TypeError(`target must be a Uint8Array, got ${describe(target)}`);
    const data = this.data();
    const n = Math.min(target.length, data.length);
    target.set(n === data.length ? data : data.subarray(0, n));
    this.consume(n);
    return n;
  }
}

const ownStreambufData = Streambuf.prototype.data;
const ownSize = BasicDynamicBufferV1.prototype.size;
