/**
 * What the read adapters share: turning a chunk a source produced into bytes, and copying bytes
 * into the caller's buffers at an offset of the sequence.
 */
import type { BufferList } from '../buffers/buffer-list.js';
import { isUint8Array } from '../detail/check.js';

const utf8 = new TextEncoder();

/**
 * The bytes of a chunk: a Uint8Array (a Node Buffer) as it is, any other ArrayBufferView or an
 * ArrayBuffer viewed, a string (a stream with an encoding set) encoded as UTF-8; null for
 * anything else (an object-mode stream of non-bytes).
 */
function chunkBytes(chunk: unknown): Uint8Array | null {
  if (isUint8Array(chunk)) return chunk;
  if (typeof chunk === 'string') return utf8.encode(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return null;
}

/**
 * The bytes of each chunk of one stream, in order: a string that ends in the first half of a
 * surrogate pair keeps that half back for the next chunk, so a character a producer split across
 * two strings is encoded whole (each half alone would become U+FFFD, as `TextEncoder` makes a
 * lone surrogate). `flush()` gives what was kept back, at the stream's end.
 */
export class ChunkBytes {
  #held = '';

  /** As `chunkBytes`, after what the previous string kept back. */
  of(chunk: unknown): Uint8Array | null {
    if (typeof chunk !== 'string') {
      if (this.#held === '') return chunkBytes(chunk);
      const bytes = chunkBytes(chunk);
      // Not bytes: the kept half stays for `flush()`, read before the failure this causes.
      if (bytes === null) return null;
      const held = this.flush()!;
      const both = new Uint8Array(held.length + bytes.length);
      both.set(held);
      both.set(bytes, held.length);
      return both;
    }
    let text = this.#held + chunk;
    this.#held = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#held = text.slice(-1);
      text = text.slice(0, -1);
    }
    return utf8.encode(text);
  }

  /** What was kept back (a lone first half: U+FFFD's bytes), or null. */
  flush(): Uint8Array | null {
    if (this.#held === '') return null;
    const bytes = utf8.encode(this.#held);
    this.#held = '';
    return bytes;
  }
}

/** Copy from `chunk` into `buffers`, starting at byte `offset` of the sequence; returns the bytes copied. */
export function copyInto(buffers: BufferList, offset: number, chunk: Uint8Array): number {
  if (isUint8Array(buffers)) {
    const n = Math.min(buffers.length - offset, chunk.length);
    if (n <= 0) return 0;
    buffers.set(n === chunk.length ? chunk : chunk.subarray(0, n), offset);
    return n;
  }
  let skip = offset;
  let copied = 0;
  for (let i = 0; i < buffers.length && copied < chunk.length; i++) {
    const b = buffers[i]!;
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    const n = Math.min(b.length - skip, chunk.length - copied);
    b.set(chunk.subarray(copied, copied + n), skip);
    copied += n;
    skip = 0;
  }
  return copied;
}
