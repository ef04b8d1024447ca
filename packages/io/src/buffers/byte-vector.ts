/**
 * A growable array of bytes (the `std::vector<unsigned char>` that Asio's `dynamic_buffer`
 * wraps). Growth is amortised, and removing bytes from the front is amortised O(1) too: the
 * content starts at an offset that is compacted only when the space is needed, so a reader that
 * consumes a little at a time does not pay to move the rest on every call.
 */
import { checkSize, describe, isUint8Array } from '../detail/check.js';

const minCapacity = 16;

// Shared by every copy of the library (its ESM and CommonJS builds), so `instanceof` holds across them.
const byteVectorBrand: unique symbol = Symbol.for('asio-ts.ByteVector');
const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * The key of a vector's storage size, the bytes it holds without allocating (content, the gap
 * before it and the room after it): the capacity a dynamic buffer over it reports, as Asio's
 * `dynamic_vector_buffer` reports `std::vector::capacity()`, which consuming leaves unchanged.
 */
export const storageSize: unique symbol = Symbol.for('asio-ts.ByteVector.storageSize');

/**
 * The key of growth without zeroing the new bytes, for an area a read overwrites at once (the
 * bytes there are stale ones of this vector, never shown by `bytes()` before being written).
 */
export const growUnzeroed: unique symbol = Symbol.for('asio-ts.ByteVector.growUnzeroed');

/**
 * The key of a view of the storage from its first byte to the content's end (the content starts
 * at `view.length - length`), reused while that end stays: a search of the buffered data after
 * each consume makes no new view.
 */
export const contentPrefix: unique symbol = Symbol.for('asio-ts.ByteVector.contentPrefix');

/**
 * A growable array of bytes (the `std::vector<unsigned char>` Asio's `dynamic_buffer` wraps):
 * amortised growth, and amortised O(1) removal from the front. Wrap it with `dynamicBuffer(vec)`
 * to read or write into it.
 *
 * @example
 * ```ts
 * import { ByteVector } from '@asio-ts/io';
 *
 * const vec = new ByteVector(new TextEncoder().encode('GET /'));
 * vec.append(new TextEncoder().encode(' HTTP/1.1'));
 * vec.eraseFront(4);
 * console.log(vec.length, new TextDecoder().decode(vec.bytes())); // 10 / HTTP/1.1
 * ```
 */
export class ByteVector {
  private store: Uint8Array;
  private start = 0;
  private len = 0;
  // The last view handed out, reused while it covers the same bytes of the same store: a
  // streambuf written whole and refilled asks for the same view each time.
  private lastView: Uint8Array | null = null;
  private lastStore: Uint8Array | null = null;
  private lastFrom = 0;
  private prefix: Uint8Array | null = null;
  private prefixStore: Uint8Array | null = null;

  /** True for the vectors of any copy of the library; `instanceof` a subclass tests the prototype chain. */
  static [Symbol.hasInstance](x: unknown): boolean {
    if (ordinaryHasInstance.call(this, x)) return true;
    return this === ByteVector && typeof x === 'object' && x !== null && byteVectorBrand in x;
  }

  /** @internal */
  get [byteVectorBrand](): true {
    return true;
  }

  /** @internal */
  [storageSize](): number {
    return this.store.length;
  }

  /** @internal */
  [contentPrefix](): Uint8Array {
    const end = this.start + this.len;
    const p = this.prefix;
    if (p !== null && this.prefixStore === this.store && p.length === end) return p;
    this.prefixStore = this.store;
    return (this.prefix = this.store.subarray(0, end));
  }

  /** @internal */
  [growUnzeroed](n: number): void {
    // Shorter: truncated, as resize does (a prepared area a read replaces goes).
    if (n > this.len) this.makeRoom(n);
    this.len = n;
    if (n === 0) this.start = 0;
  }

  /** An empty vector, `size` zero bytes, or a copy of `bytes`. */
  constructor(init?: number | Uint8Array | ArrayLike<number>) {
    if (init === undefined) {
      this.store = new Uint8Array(0);
    } else if (typeof init === 'number') {
      this.len = checkSize('init', init);
      this.store = new Uint8Array(this.len);
    } else if (isUint8Array(init)) {
      this.store = init.slice();
      this.len = init.length;
    } else if (typeof init === 'object' && init !== null && typeof init.length === 'number') {
      this.store = new Uint8Array(checkSize('init.length', init.length));
      for (let i = 0; i < init.length; i++) this.store[i] = checkByte(`init[${i}]`, init[i]);
      this.len = this.store.length;
    } else {
      throw new TypeError(`init must be a size, a Uint8Array or an array of bytes, got ${describe(init)}`);
    }
  }

  /** Number of bytes held. */
  get length(): number {
    return this.len;
  }

  /** Bytes the vector can hold without allocating or moving its content. */
  get capacity(): number {
    return this.store.length - this.start;
  }

  /**
   * A view of the content, or of bytes `begin` to `end` of it. It shares memory with the vector
   * until a call grows the vector past `capacity`, as iterators of a `std::vector` stay valid
   * only until it reallocates. `begin` and `end` must satisfy 0 <= begin <= end <= length.
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const vec = new ByteVector([1, 2, 3, 4]);
   * vec.bytes(1, 3).fill(0); // writes through to the vector
   * console.log(vec.bytes()); // Uint8Array(4) [ 1, 0, 0, 4 ]
   * ```
   */
  bytes(begin?: number, end?: number): Uint8Array {
    if (begin === undefined && end === undefined) return this.view(this.start, this.start + this.len);
    const b = begin === undefined ? 0 : checkSize('begin', begin);
    const e = end === undefined ? this.len : checkSize('end', end);
    if (b > e || e > this.len) throw new RangeError(`begin and end must satisfy 0 <= begin <= end <= length (${this.len}), got ${b} and ${e}`);
    return this.view(this.start + b, this.start + e);
  }

  private view(from: number, to: number): Uint8Array {
    const last = this.lastView;
    const store = this.store;
    if (last !== null && this.lastStore === store && this.lastFrom === from && last.length === to - from) return last;
    this.lastStore = store;
    this.lastFrom = from;
    return (this.lastView = store.subarray(from, to));
  }

  /**
   * Grow (new bytes are zero) or truncate to `n` bytes (`std::vector::resize`).
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const vec = new ByteVector([7, 7]);
   * vec.resize(4);
   * console.log(vec.bytes()); // Uint8Array(4) [ 7, 7, 0, 0 ]
   * ```
   */
  resize(n: number): void {
    checkSize('n', n);
    if (n > this.len) {
      this.makeRoom(n);
      // Bytes past the old end may hold stale data from earlier truncation or consumption.
      this.store.fill(0, this.start + this.len, this.start + n);
    }
    this.len = n;
    if (n === 0) this.start = 0;
  }

  /**
   * Make room for `n` bytes in total without changing the content (`std::vector::reserve`), so
   * views taken now stay valid while it grows up to `n`.
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const vec = new ByteVector();
   * vec.reserve(4096);
   * console.log(vec.length, vec.capacity >= 4096); // 0 true
   * ```
   */
  reserve(n: number): void {
    checkSize('n', n);
    if (n > this.store.length - this.start) this.makeRoom(n);
  }

  /**
   * Append one byte, an integer from 0 to 255 (`std::vector::push_back`).
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const line = new ByteVector(new TextEncoder().encode('OK'));
   * line.push(0x0a); // '\n'
   * console.log(line.length); // 3
   * ```
   */
  push(byte: number): void {
    checkByte('byte', byte);
    this.makeRoom(this.len + 1);
    this.store[this.start + this.len] = byte;
    this.len++;
  }

  /**
   * Append a copy of `bytes` (`std::vector::insert` at the end).
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const vec = new ByteVector();
   * for (const part of ['a', 'b', 'c']) vec.append(new TextEncoder().encode(part));
   * console.log(new TextDecoder().decode(vec.bytes())); // abc
   * ```
   */
  append(bytes: Uint8Array): void {
    if (!isUint8Array(bytes)) throw new TypeError(`bytes must be a Uint8Array, got ${describe(bytes)}`);
    const n = bytes.length;
    this.makeRoom(this.len + n);
    this.store.set(bytes, this.start + this.len);
    this.len += n;
  }

  /**
   * Remove the first `n` bytes, all of them if `n` is larger (`erase(begin(), begin() + n)`, but
   * amortised O(1)).
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const vec = new ByteVector(new TextEncoder().encode('line 1\nline 2\n'));
   * vec.eraseFront(7); // the first line was handled
   * console.log(new TextDecoder().decode(vec.bytes())); // line 2
   * ```
   */
  eraseFront(n: number): void {
    checkSize('n', n);
    if (n >= this.len) {
      this.start = 0;
      this.len = 0;
    } else {
      this.start += n;
      this.len -= n;
    }
  }

  /**
   * Remove every byte; the capacity stays (`std::vector::clear`).
   *
   * @example
   * ```ts
   * import { ByteVector } from '@asio-ts/io';
   *
   * const vec = new ByteVector(1024);
   * vec.clear();
   * console.log(vec.length, vec.capacity); // 0 1024
   * ```
   */
  clear(): void {
    this.start = 0;
    this.len = 0;
  }

  // Ensure `needed` bytes fit after `start`. Moving the content to the front is done only when the
  // gap there is at least as large as the content, so its cost is paid for by the bytes that were
  // erased to create the gap; otherwise the storage doubles.
  private makeRoom(needed: number): void {
    if (this.start + needed <= this.store.length) return;
    if (needed <= this.store.length && this.start >= this.len) {
      this.store.copyWithin(0, this.start, this.start + this.len);
      this.start = 0;
      return;
    }
    const next = new Uint8Array(Math.max(needed, this.store.length * 2, minCapacity));
    next.set(this.store.subarray(this.start, this.start + this.len));
    this.store = next;
    this.start = 0;
  }
}

function checkByte(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`${name} must be an integer from 0 to 255, got ${value}`);
  }
  return value;
}
