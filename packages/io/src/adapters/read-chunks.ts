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
export function chunkBytes(chunk: unknown): Uint8Array | null {
  if (isUint8Array(chunk)) return chunk;
  if (typeof chunk === 'string') return utf8.encode(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return null;
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
