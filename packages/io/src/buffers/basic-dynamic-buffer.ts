/**
 * The DynamicBuffer v1 and v2 algorithms, written once over a `ByteStore` so that the vector,
 * binary-string and streambuf forms share them (Asio repeats them in each class).
 */
import { errors, makeError } from '@asio-ts/core';
import { checkLimit, checkSize } from '../detail/check.js';
import type { ByteVector } from './byte-vector.js';
import type { DynamicBufferV1, DynamicBufferV2 } from './dynamic-buffer.js';

/** Growable storage a dynamic buffer works on. */
export interface ByteStore {
  length(): number;
  capacity(): number;
  /** Bytes `start` to `end`; `writable` says the caller may write through the view. */
  view(start: number, end: number, writable: boolean): Uint8Array;
  /** Grow with zero bytes or truncate. */
  resize(n: number): void;
  eraseFront(n: number): void;
}

/** A `ByteStore` that is the vector itself. */
export function vectorStore(vec: ByteVector): ByteStore {
  return {
    length: () => vec.length,
    capacity: () => vec.capacity,
    view: (start, end) => vec.bytes(start, end),
    resize: (n) => vec.resize(n),
    eraseFront: (n) => vec.eraseFront(n),
  };
}

abstract class DynamicBufferBase {
  protected readonly store: ByteStore;
  private readonly max: number;

  protected constructor(store: ByteStore, maxSize: number) {
    this.store = store;
    this.max = maxSize;
  }

  maxSize(): number {
    return this.max;
  }

  capacity(): number {
    return Math.min(this.store.capacity(), this.max);
  }

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

  private readable(): number {
    return Math.max(0, this.store.length() - this.pending);
  }

  size(): number {
    return Math.min(this.readable(), this.maxSize());
  }

  data(): Uint8Array {
    return this.store.view(0, this.size(), false);
  }

  prepare(n: number): Uint8Array {
    checkSize('n', n);
    const s = this.readable();
    this.checkRoom('prepare', s, n);
    this.store.resize(s + n);
    this.pending = n;
    return this.store.view(s, s + n, true);
  }

  commit(n: number): void {
    checkLimit('n', n);
    const s = this.readable();
    const committed = Math.min(n, this.pending);
    this.pending = 0;
    this.store.resize(s + committed);
  }

  consume(n: number): void {
    checkLimit('n', n);
    const m = Math.min(n, this.readable());
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

  size(): number {
    return Math.min(this.store.length(), this.maxSize());
  }

  data(pos: number, n: number): Uint8Array {
    checkLimit('pos', pos);
    checkLimit('n', n);
    const len = this.store.length();
    const start = Math.min(pos, len);
    return this.store.view(start, Math.min(len, start + n), true);
  }

  grow(n: number): void {
    checkSize('n', n);
    const s = this.size();
    this.checkRoom('grow', s, n);
    this.store.resize(s + n);
  }

  shrink(n: number): void {
    checkLimit('n', n);
    const s = this.size();
    this.store.resize(n > s ? 0 : s - n);
  }

  consume(n: number): void {
    checkLimit('n', n);
    const m = Math.min(n, this.size());
    if (m > 0) this.store.eraseFront(m);
  }
}
