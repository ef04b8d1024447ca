/**
 * Buffers and buffer sequences (Asio's `buffer.hpp`). A buffer is a `Uint8Array` view over
 * memory owned by someone else; JavaScript has no const views, so const and mutable buffers are
 * the same type and the names only document intent.
 */
import { checkBufferSequence, checkOptionalLimit, describe, isUint8Array } from '../detail/check.js';
import { anyOverlap, gather } from '../detail/overlaps.js';
import { sizeOfList } from './buffer-list.js';

/** A view of bytes to be read (Asio's `const_buffer`). */
export type ConstBuffer = Uint8Array;
/** A view of bytes to be written into (Asio's `mutable_buffer`). */
export type MutableBuffer = Uint8Array;
/** One buffer, or an iterable of buffers treated as their concatenation. */
export type ConstBufferSequence = Uint8Array | Iterable<Uint8Array>;
/** One buffer, or an iterable of buffers treated as their concatenation. */
export type MutableBufferSequence = Uint8Array | Iterable<Uint8Array>;

/** What `buffer()` accepts: any byte-addressable memory. */
export type BufferData = Uint8Array | ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

const toStringTag = Object.prototype.toString;

function isArrayBufferLike(x: unknown): x is ArrayBuffer | SharedArrayBuffer {
  // Tag check rather than instanceof so buffers from other realms are accepted too.
  if (typeof x !== 'object' || x === null) return false;
  const tag = toStringTag.call(x);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

/**
 * A `Uint8Array` view over the memory of `data`, limited to `maxSize` bytes (Asio's
 * `buffer(data, max_size_in_bytes)`). Never copies: writes through the view change `data` and
 * the other way round. A `Uint8Array` that needs no truncation is returned as it is.
 *
 * @example
 * ```ts
 * import { buffer } from '@asio-ts/io';
 *
 * const header = new ArrayBuffer(16);
 * const magic = buffer(header, 4); // the first 4 bytes of header, not a copy
 * magic.set([0xca, 0xfe, 0xba, 0xbe]);
 * console.log(new DataView(header).getUint32(0).toString(16)); // cafebabe
 * console.log(buffer(new Float64Array(2)).length); // 16: any typed array, as bytes
 * ```
 */
export function buffer(data: BufferData, maxSize?: number): Uint8Array {
  const limit = checkOptionalLimit('maxSize', maxSize, Infinity);
  if (isUint8Array(data)) {
    return limit >= data.length ? data : data.subarray(0, limit);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, Math.min(data.byteLength, limit));
  }
  if (isArrayBufferLike(data)) {
    return new Uint8Array(data, 0, Math.min(data.byteLength, limit));
  }
  throw new TypeError(
    `data must be a Uint8Array, ArrayBuffer, SharedArrayBuffer or ArrayBufferView, got ${describe(data)}`,
  );
}

/**
 * Total number of bytes in a buffer sequence (Asio's `buffer_size`).
 *
 * @example
 * ```ts
 * import { bufferSize } from '@asio-ts/io';
 *
 * const head = new TextEncoder().encode('HTTP/1.1 200 OK\r\n\r\n');
 * const body = new Uint8Array(1024);
 * console.log(bufferSize([head, body])); // 1043
 * ```
 */
export function bufferSize(buffers: ConstBufferSequence): number {
  return sizeOfList(checkBufferSequence('buffers', buffers));
}

/**
 * Copy bytes from `source` to `target`, crossing element boundaries on either side, and return
 * the number copied: the smallest of the two sizes and `maxBytes` (Asio's `buffer_copy`).
 * Overlapping memory is handled, also between pieces of two sequences (memmove semantics).
 *
 * @example
 * ```ts
 * import { bufferCopy } from '@asio-ts/io';
 *
 * const encoder = new TextEncoder();
 * const packet = new Uint8Array(8);
 * // Gather two buffers into one; the target is full after 8 bytes.
 * const n = bufferCopy(packet, [encoder.encode('head'), encoder.encode('body-and-more')]);
 * console.log(n, new TextDecoder().decode(packet)); // 8 headbody
 * ```
 */
export function bufferCopy(target: MutableBufferSequence, source: ConstBufferSequence, maxBytes?: number): number {
  const dst = checkBufferSequence('target', target);
  const src = checkBufferSequence('source', source);
  let left = checkOptionalLimit('maxBytes', maxBytes, Infinity);
  if (isUint8Array(dst) && isUint8Array(src)) {
    const n = Math.min(dst.length, src.length, left);
    dst.set(n === src.length ? src : src.subarray(0, n));
    return n;
  }
  const dsts: readonly Uint8Array[] = isUint8Array(dst) ? [dst] : dst;
  let srcs: readonly Uint8Array[] = isUint8Array(src) ? [src] : src;
  if (anyOverlap(dsts, srcs)) {
    // Piece by piece, a later source piece could be read after an earlier target piece
    // overwrote it: the bytes to copy are taken first.
    left = Math.min(left, sizeOfList(dsts), sizeOfList(srcs));
    srcs = [gather(srcs, left)];
  }
  let di = 0;
  let dOff = 0;
  let si = 0;
  let sOff = 0;
  let copied = 0;
  while (left > 0 && di < dsts.length && si < srcs.length) {
    const d = dsts[di]!;
    const s = srcs[si]!;
    const n = Math.min(d.length - dOff, s.length - sOff, left);
    if (n > 0) {
      d.set(s.subarray(sOff, sOff + n), dOff);
      dOff += n;
      sOff += n;
      copied += n;
      left -= n;
    }
    if (dOff === d.length) {
      di++;
      dOff = 0;
    }
    if (sOff === s.length) {
      si++;
      sOff = 0;
    }
  }
  return copied;
}

/**
 * True when `x` can be used as a buffer sequence: a `Uint8Array`, or a non-string iterable of
 * `Uint8Array` (Asio's `is_const_buffer_sequence`). Arrays and other re-iterable collections are
 * checked element by element. A single-pass iterator (one whose `[Symbol.iterator]()` returns
 * itself, such as a generator) is not read, since reading would consume it: it passes here, and
 * a wrong element is reported with a `TypeError` when the sequence is used.
 *
 * @example
 * ```ts
 * import { isConstBufferSequence } from '@asio-ts/io';
 *
 * console.log(isConstBufferSequence([new Uint8Array(2), new Uint8Array(3)])); // true
 * console.log(isConstBufferSequence('text'), isConstBufferSequence([new Uint16Array(2)])); // false false
 * ```
 */
export function isConstBufferSequence(x: unknown): x is ConstBufferSequence {
  if (isUint8Array(x)) return true;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (!isUint8Array(x[i])) return false;
    return true;
  }
  if (typeof x !== 'object' || x === null) return false;
  const iterate = (x as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof iterate !== 'function') return false;
  const it: unknown = iterate.call(x);
  if (it === x) return true;
  if (typeof it !== 'object' || it === null || typeof (it as { next?: unknown }).next !== 'function') return false;
  const iter = it as Iterator<unknown>;
  for (let r = iter.next(); r.done !== true; r = iter.next()) {
    if (!isUint8Array(r.value)) {
      iter.return?.();
      return false;
    }
  }
  return true;
}

/** Same test as `isConstBufferSequence` (Asio's `is_mutable_buffer_sequence`). */
export const isMutableBufferSequence: (x: unknown) => x is MutableBufferSequence = isConstBufferSequence;
