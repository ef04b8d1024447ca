/**
 * What `asyncWrite` and `write` take as their data, and the one place it is checked: a buffer
 * sequence or a dynamic buffer, told apart as Asio's `async_write` / `write` overloads are.
 */
import type { BufferList } from '../buffers/buffer-list.js';
import type { ConstBufferSequence } from '../buffers/buffer.js';
import { isDynamicBufferV1, isDynamicBufferV2, type DynamicBufferV1, type DynamicBufferV2 } from '../buffers/dynamic-buffer.js';
import { checkBufferSequence, isUint8Array } from '../detail/check.js';
import type { Consumable } from './write-op.js';

/**
 * What `asyncWrite` and `write` take as their data. As Node's `socket.write` does, an ArrayBuffer
 * or another ArrayBufferView (a DataView, an Int16Array, ...) is taken as its bytes, not copied,
 * alone or in a sequence. A string is not: encode it (`new TextEncoder().encode(s)`).
 */
export type WriteSource =
  | ConstBufferSequence
  | ArrayBufferLike
  | ArrayBufferView
  | Iterable<ArrayBufferLike | ArrayBufferView>
  | DynamicBufferV1
  | DynamicBufferV2;

/** Which of Asio's overloads a write's data takes: a buffer sequence, a DynamicBuffer v1 or v2. */
export type WriteKind = typeof sequenceWrite | typeof dynamicV1Write | typeof dynamicV2Write;
export const sequenceWrite = 0;
export const dynamicV1Write = 1;
export const dynamicV2Write = 2;

/**
 * A write's data after its check: buffers ready to walk, or the dynamic buffer itself (read when
 * the write starts), told apart by its `WriteKind`. No wrapper object per operation.
 */
export type WriteBuffers = BufferList | DynamicBufferV1 | DynamicBufferV2;

/** As Asio's overloads: a v2 dynamic buffer first, v1 only when it is not also v2. */
export function writeKind(buffers: unknown): WriteKind {
  // The most common argument, and neither dynamic buffer: no probes.
  if (isUint8Array(buffers)) return sequenceWrite;
  if (isDynamicBufferV2(buffers)) return dynamicV2Write;
  if (isDynamicBufferV1(buffers)) return dynamicV1Write;
  return sequenceWrite;
}

/**
 * Check a write's data once; anything not a dynamic buffer must be a buffer sequence. `copy`: an
 * array is copied, for a write that goes on after this call returns (the caller may reuse it).
 */
export function writeBuffers(buffers: unknown, kind: WriteKind, copy: boolean): WriteBuffers {
  if (kind !== sequenceWrite) return buffers as DynamicBufferV1 | DynamicBufferV2;
  return isUint8Array(buffers) ? buffers : checkBufferSequence('buffers', buffers, copy);
}

/**
 * The bytes the write walks. A dynamic buffer's readable bytes are read now, and checked (a
 * user's dynamic buffer may return anything); not copied: the write that reads them starts at once.
 */
export function startingData(buffers: WriteBuffers, kind: WriteKind): BufferList {
  if (kind === sequenceWrite) return buffers as BufferList;
  const data = kind === dynamicV2Write ? (buffers as DynamicBufferV2).data(0, (buffers as DynamicBufferV2).size()) : (buffers as DynamicBufferV1).data();
  return checkBufferSequence('buffers', data);
}

/** What the write consumes exactly its bytes written from at completion: the dynamic buffer, or nothing. */
export function consumedSource(buffers: WriteBuffers, kind: WriteKind): Consumable | null {
  return kind === sequenceWrite ? null : (buffers as DynamicBufferV1 | DynamicBufferV2);
}
