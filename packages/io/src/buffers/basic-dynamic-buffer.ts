/**
 * The DynamicBuffer v1 and v2 algorithms, written once over a `ByteStore` so that the vector,
 * binary-string and streambuf forms share them (Asio repeats them in each class).
 */
import { errors, makeError } from '@asio-ts/core';
import { checkLimit, checkSize } from '../detail/check.js';
import type { ByteStore } from './byte-store.js';
import type { DynamicBufferV1, DynamicBufferV2 } from './dynamic-buffer.js';

abstract class DynamicBufferBase {
  protected readonly store: ByteStore;
  private readonly max: number;

  protected constructor(store: ByteStore, maxSize: number) {
    this.store = store;
    this.max = maxSize;
  }

  /**
   * The most bytes the buffer may hold (Asio's `max_size`); `prepare` / `grow` past it throw
   * `errors.noBufferSpace`.
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf(4096);
   * console.log(sb.maxSize()); // 4096
   * ```
   */
  maxSize(): number {
    return this.max;
  }

  /**
   * Bytes the buffer can hold without reallocating, never more than `maxSize()` (Asio's
   * `capacity`).
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('x'.repeat(100));
   * console.log(sb.capacity() >= 100); // true
   * ```
   */
  capacity(): number {
    return Math.min(this.store.capacity(), this.max);
  }

  /** @internal The storage up to the end of the readable data, which ends it; undefined: no such view. */
  dataPrefix(): Uint8Array | undefined {
    const store = this.store;
    return store.prefix !== undefined && this.ownData() && store.length() <= this.max ? store.prefix() : undefined;
  }

  /** True while the readable data is the store's content and `data` is this library's. */
  protected abstract ownData(): boolean;

  /** Throw `noBufferSpace` unless `current + n` stays within `maxSize()`. */
  protected checkRoom(what: string, current: number, n: number): void {
    if (current > this.max || this.max - current < n) {
      throw makeError(errors.noBufferSpace, `${what}(${n}) with ${current} bytes held would pass maxSize ${this.max}`);
    }
  }
}

/**
 * DynamicBuffer v1 over a store: the readable bytes come first, and between `prepare` and
 * `commit` the store also holds the prepared area after them (as Asio's `dynamic_vector_buffer`
 * resizes its vector in `prepare`).
 */
export class BasicDynamicBufferV1 extends DynamicBufferBase implements DynamicBufferV1<Uint8Array, Uint8Array> {
  private pending = 0;

  constructor(store: ByteStore, maxSize: number) {
    super(store, maxSize);
  }

  protected ownData(): boolean {
    return this.pending === 0 && this.data === ownDataV1;
  }

  /** True while an area `prepare` handed out is not committed yet. */
  protected hasPrepared(): boolean {
    return this.pending !== 0;
  }

  private readable(): number {
    return Math.max(0, this.store.length() - this.pending);
  }

  /**
   * The number of readable bytes (Asio's DynamicBuffer_v1 `size`).
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('hello');
   * console.log(sb.size()); // 5
   * ```
   */
  size(): number {
    return Math.min(this.readable(), this.maxSize());
  }

  /**
   * A view of the readable bytes (Asio's DynamicBuffer_v1 `data`), valid until the next
   * `prepare`, `commit` or `consume`.
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('hello');
   * console.log(new TextDecoder().decode(sb.data())); // hello
   * ```
   */
  data(): Uint8Array {
    return this.store.view(0, this.size(), false);
  }

  /**
   * A writable area of exactly `n` bytes after the readable ones, replacing any area prepared
   * before (Asio's DynamicBuffer_v1 `prepare`); `commit` makes what was written there readable.
   * Throws a `SystemError` (`errors.noBufferSpace`) past `maxSize()`.
   *
   * @example
   * ```ts
   * import { openSync, readSync } from 'node:fs';
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * const fd = openSync('/etc/hostname', 'r');
   * const area = sb.prepare(512); // read straight into the streambuf
   * sb.commit(readSync(fd, area));
   * console.log(`${sb.size()} bytes read`);
   * ```
   */
  prepare(n: number): Uint8Array {
    return this.prepareArea(n, true);
  }

  /** @internal `prepare` for a read, which overwrites the area at once: not zeroed first. */
  prepareForRead(n: number): Uint8Array {
    return this.prepareArea(n, false);
  }

  private prepareArea(n: number, zeroed: boolean): Uint8Array {
    checkSize('n', n);
    // Checked against size(), as Asio: over a vector already past maxSize, prepare(0) is allowed.
    this.checkRoom('prepare', this.size(), n);
    const s = this.readable();
    const store = this.store;
    if (zeroed || store.extend === undefined) store.resize(s + n);
    else store.extend(s + n);
    this.pending = n;
    return store.view(s, s + n, true);
  }

  /**
   * Make the first `n` prepared bytes readable, no more than were prepared, and drop the rest of
   * the prepared area (Asio's DynamicBuffer_v1 `commit`).
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * const area = sb.prepare(16);
   * area.set(new TextEncoder().encode('ping'));
   * sb.commit(4);
   * console.log(sb.size()); // 4
   * ```
   */
  commit(n: number): void {
    checkLimit('n', n);
    const s = this.readable();
    const committed = Math.min(n, this.pending);
    this.pending = 0;
    this.store.resize(s + committed);
  }

  /**
   * Remove `n` bytes from the front of the readable bytes, all of them if fewer (Asio's
   * DynamicBuffer_v1 `consume`; the readable bytes being `size()`, at most `maxSize()`).
   *
   * @example
   * ```ts
   * import { Streambuf } from '@asio-ts/io';
   *
   * const sb = new Streambuf();
   * sb.sputn('GET / HTTP/1.1');
   * sb.consume(4);
   * console.log(new TextDecoder().decode(sb.data())); // / HTTP/1.1
   * ```
   */
  consume(n: number): void {
    checkLimit('n', n);
    const m = Math.min(n, Math.min(this.readable(), this.maxSize()));
    if (m > 0) this.store.eraseFront(m);
  }

  /** Drop an area `prepare` left uncommitted. */
  protected discardPrepared(): void {
    if (this.pending > 0) {
      this.store.resize(this.readable());
      this.pending = 0;
    }
  }
}

/** DynamicBuffer v2 over a store: every byte of the store is addressable through `data`. */
export class BasicDynamicBufferV2 extends DynamicBufferBase implements DynamicBufferV2<Uint8Array> {
  constructor(store: ByteStore, maxSize: number) {
    super(store, maxSize);
  }

  /** Bytes held (Asio's DynamicBuffer_v2 `size`). */
  size(): number {
    return Math.min(this.store.length(), this.maxSize());
  }

  /**
   * A writable view of the bytes from `pos` to `pos + n`, cut short at the end or at `maxSize()`
   * (Asio's DynamicBuffer_v2 `data`).
   */
  data(pos: number, n: number): Uint8Array {
    checkLimit('pos', pos);
    checkLimit('n', n);
    // As Asio's buffer(vector_, max_size_): bytes of a vector past maxSize are not the buffer's.
    const len = Math.min(this.store.length(), this.maxSize());
    const start = Math.min(pos, len);
    return this.store.view(start, Math.min(len, start + n), true);
  }

  protected ownData(): boolean {
    return this.data === ownDataV2;
  }

  /** Append `n` zero bytes; throws `errors.noBufferSpace` past `maxSize()` (Asio's DynamicBuffer_v2 `grow`). */
  grow(n: number): void {
    this.growBy(n, true);
  }

  /** @internal `grow` for a read, which overwrites the new bytes at once: not zeroed first. */
  growForRead(n: number): void {
    this.growBy(n, false);
  }

  private growBy(n: number, zeroed: boolean): void {
    checkSize('n', n);
    const s = this.size();
    this.checkRoom('grow', s, n);
    const store = this.store;
    if (zeroed || store.extend === undefined) store.resize(s + n);
    else store.extend(s + n);
  }

  /** Remove `n` bytes from the end, all of them if fewer (Asio's DynamicBuffer_v2 `shrink`). */
  shrink(n: number): void {
    checkLimit('n', n);
    const s = this.size();
    this.store.resize(n > s ? 0 : s - n);
  }

  /** Remove `n` bytes from the front, all of them if fewer (Asio's DynamicBuffer_v2 `consume`). */
  consume(n: number): void {
    checkLimit('n', n);
    const m = Math.min(n, this.size());
    if (m > 0) this.store.eraseFront(m);
  }
}

const ownDataV1 = BasicDynamicBufferV1.prototype.data;
const ownDataV2 = BasicDynamicBufferV2.prototype.data;
