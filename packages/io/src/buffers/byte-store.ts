/** The storage a dynamic buffer works on, and the one over a `ByteVector`. */
import { ByteVector, contentPrefix, growUnzeroed, storageSize } from './byte-vector.js';

/** Growable storage a dynamic buffer works on. */
export interface ByteStore {
  length(): number;
  capacity(): number;
  /** Bytes `start` to `end`; `writable` says the caller may write through the view. */
  view(start: number, end: number, writable: boolean): Uint8Array;
  /** Grow with zero bytes or truncate. */
  resize(n: number): void;
  /** As `resize`, without zeroing new bytes (an area a read overwrites); absent: `resize`. */
  extend?(n: number): void;
  eraseFront(n: number): void;
  /** The storage from its start to the content's end (the content is its last `length()` bytes); absent: no such view. */
  prefix?: (() => Uint8Array) | undefined;
}

/**
 * A `ByteStore` that is the vector itself. Its capacity is the vector's storage: consuming moves
 * the start of the content, not what the buffer can hold without allocating, so the read size of
 * a buffer that was read from and consumed stays large (a vector of another copy of the library,
 * without the storage key, reports its own capacity).
 */
export function vectorStore(vec: ByteVector): ByteStore {
  return {
    length: () => vec.length,
    capacity: () => (typeof vec[storageSize] === 'function' ? vec[storageSize]() : vec.capacity),
    view: (start, end) => vec.bytes(start, end),
    resize: (n) => vec.resize(n),
    extend: (n) => (typeof vec[growUnzeroed] === 'function' ? vec[growUnzeroed](n) : vec.resize(n)),
    eraseFront: (n) => vec.eraseFront(n),
    prefix: typeof vec[contentPrefix] === 'function' && vec.bytes === ByteVector.prototype.bytes ? () => vec[contentPrefix]() : undefined,
  };
}
