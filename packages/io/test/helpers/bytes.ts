/**
 * Asio's test data (`write_data` of `asio/src/tests/unit/write.cpp`, `read_data` of read.cpp)
 * and small byte helpers the io tests share.
 */
import type { ConstBufferSequence } from '@asio-ts/io';

/** Asio's `write_data`, with the terminating NUL that `sizeof(write_data)` counts: 53 bytes. */
export const writeData: Uint8Array = Uint8Array.from(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\0',
  (c) => c.charCodeAt(0),
);
export const writeDataSize = writeData.length;

/** Asio's `read_data` of read.cpp and read_until.cpp: the same 53 bytes. */
export const readData: Uint8Array = writeData;
export const readDataSize = readData.length;

/** One char per byte. */
export function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export function fromBinaryString(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Bytes `a` equal bytes `b` (a readable failure message, unlike comparing two Uint8Arrays of 1 MB). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Flatten a buffer sequence (consuming it, if it is single-pass). */
export function concat(buffers: ConstBufferSequence): Uint8Array {
  const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
  const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
