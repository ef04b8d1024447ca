/**
 * Dynamic buffers over a `ByteVector` (Asio's `dynamic_buffer(std::vector&)`, which returns a
 * `dynamic_vector_buffer`). The vector's content is the buffer's content: bytes committed or
 * grown appear in it, bytes consumed are removed from its front.
 */
import { checkOptionalLimit, describe, unlimitedSize } from '../detail/check.js';
import { BasicDynamicBufferV1, BasicDynamicBufferV2, vectorStore } from './basic-dynamic-buffer.js';
import { ByteVector } from './byte-vector.js';
import type { DynamicBufferV1, DynamicBufferV2 } from './dynamic-buffer.js';

function checkVector(vec: unknown): ByteVector {
  if (!(vec instanceof ByteVector)) throw new TypeError(`vec must be a ByteVector, got ${describe(vec)}`);
  return vec;
}

/**
 * A DynamicBuffer v1 over `vec`. `prepare(n)` lengthens the vector by the prepared area and
 * `commit` trims it back to the committed bytes, as Asio does. `maxSize` defaults to no limit.
 */
export function dynamicBuffer(vec: ByteVector, maxSize?: number): DynamicBufferV1<Uint8Array, Uint8Array> {
  const store = vectorStore(checkVector(vec));
  return new BasicDynamicBufferV1(store, checkOptionalLimit('maxSize', maxSize, unlimitedSize));
}

/** A DynamicBuffer v2 over `vec`. `maxSize` defaults to no limit. */
export function dynamicBufferV2(vec: ByteVector, maxSize?: number): DynamicBufferV2<Uint8Array> {
  const store = vectorStore(checkVector(vec));
  return new BasicDynamicBufferV2(store, checkOptionalLimit('maxSize', maxSize, unlimitedSize));
}
