/**
 * Walks a const buffer sequence without copying bytes (Asio's `detail::consuming_buffers` and
 * `consuming_single_buffer`): `prepare` hands out views of the next bytes, `consume` moves past
 * the bytes an operation reports as transferred.
 */
import { checkBufferSequence, isUint8Array } from '../detail/check.js';
import { sizeOfList, type BufferList } from './buffer-list.js';
import type { ConstBufferSequence } from './buffer.js';

/** Most buffers handed to one `prepare` (Asio's `consuming_buffers` `max_buffers`, detail/consuming_buffers.hpp). */
export const maxBuffersPerPrepare = 16;

const noBuffers: readonly Uint8Array[] = [];

export class ConsumingBuffers {
  // Exactly one of `single` / `elems` is used; the split keeps the one-buffer case allocation-free.
  // Declared, and set in the constructor: no field initializer to run per object.
  private declare readonly single: Uint8Array | null;
  private declare readonly elems: readonly Uint8Array[];
  private declare readonly totalSize: number;
  private declare consumed: number;
  private declare nextElem: number;
  private declare nextOffset: number;
  private declare prepared: number;

  /**
   * Walk a sequence that was checked already (`checkBufferSequence`, with `copy` set where the
   * caller may reuse its array): no second check, no second copy.
   */
  static fromChecked(list: BufferList): ConsumingBuffers {
    return new ConsumingBuffers(list, true);
  }

  /**
   * Throws a `TypeError` naming `buffers` for anything but a buffer sequence. An array is copied
   * (Asio copies the sequence object, not the bytes) and any other iterable is read once now.
   * `checked` (for `fromChecked`) says `buffers` is a `BufferList` already.
   */
  constructor(buffers: ConstBufferSequence, checked = false) {
    const seq = checked ? (buffers as BufferList) : checkBufferSequence('buffers', buffers, true);
    if (isUint8Array(seq)) {
      this.single = seq;
      this.elems = noBuffers;
    } else {
      this.single = null;
      this.elems = seq;
    }
    this.totalSize = sizeOfList(seq);
    this.consumed = 0;
    this.nextElem = 0;
    this.nextOffset = 0;
    this.prepared = 0;
  }

  /** True once every byte has been consumed. */
  empty(): boolean {
    return this.consumed >= this.totalSize;
  }

  /** Bytes consumed so far. */
  totalConsumed(): number {
    return this.consumed;
  }

  /**
   * Views of at most `maxSize` bytes starting at the current position: one `Uint8Array` when
   * the source was one, otherwise an array of at most 16 non-empty views. Nothing is consumed;
   * `preparedSize()` tells how many bytes the views hold.
   */
  prepare(maxSize: number): Uint8Array | Uint8Array[] {
    const single = this.single;
    if (single !== null) {
      const start = this.consumed;
      if (start === 0 && maxSize >= single.length) {
        this.prepared = single.length;
        return single;
      }
      const n = Math.min(maxSize, single.length - start);
      this.prepared = n;
      return single.subarray(start, start + n);
    }
    const result: Uint8Array[] = [];
    const elems = this.elems;
    let left = maxSize;
    let taken = 0;
    let offset = this.nextOffset;
    for (let i = this.nextElem; i < elems.length && left > 0 && result.length < maxBuffersPerPrepare; i++) {
      const e = elems[i]!;
      const avail = e.length - offset;
      if (avail > 0) {
        const n = avail <= left ? avail : left;
        result.push(offset === 0 && n === avail ? e : e.subarray(offset, offset + n));
        left -= n;
        taken += n;
      }
      offset = 0;
    }
    this.prepared = taken;
    return result;
  }

  /** Bytes in the views the last `prepare` returned. */
  preparedSize(): number {
    return this.prepared;
  }

  /** Move past `n` bytes; more than what is left consumes the rest. */
  consume(n: number): void {
    let size = Math.min(n, this.totalSize - this.consumed);
    if (!(size > 0)) return;
    this.consumed += size;
    if (this.single !== null) return;
    const elems = this.elems;
    let i = this.nextElem;
    let offset = this.nextOffset;
    while (size > 0 && i < elems.length) {
      const avail = elems[i]!.length - offset;
      if (size < avail) {
        offset += size;
        size = 0;
      } else {
        size -= avail;
        offset = 0;
        i++;
      }
    }
    this.nextElem = i;
    this.nextOffset = offset;
  }
}
