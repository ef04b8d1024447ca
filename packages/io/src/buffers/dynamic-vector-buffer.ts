/**
 * Dynamic buffers over a `ByteVector` (Asio's `dynamic_buffer(std::vector&)`, which returns a
 * `dynamic_vector_buffer`). The vector's content is the buffer's content: bytes committed or
 * grown appear in it, bytes consumed are removed from its front.
 */
import { checkOptionalLimit, describe, unlimitedSize } from '../detail/check.js';
import { BasicDynamicBufferV1, BasicDynamicBufferV2 } from './basic-dynamic-buffer.js';
import { vectorStore } from './byte-store.js';
import { ByteVector } from './byte-vector.js';
import type { DynamicBufferV1, DynamicBufferV2 } from './dynamic-buffer.js';

function checkVector(vec: unknown): ByteVector {
  if (!(vec instanceof ByteVector)) throw new TypeError(`vec must be a ByteVector, got ${describe(vec)}`);
  return vec;
}

/**
 * A DynamicBuffer v1 over `vec` (Asio's `dynamic_buffer(std::vector&)`, v1). `prepare(n)`
 * lengthens the vector by the prepared area and `commit` trims it back to the committed bytes,
 * as Asio does. `maxSize` defaults to no limit; over a vector already longer, the buffer is its
 * first `maxSize` bytes (Asio's `size()`), and only `prepare(0)` succeeds.
 *
 * @example
 * ```ts
 * import { systemExecutor, useFuture } from '@asio-ts/core';
 * import { ByteVector, TestStream, asyncWrite, dynamicBuffer } from '@asio-ts/io';
 *
 * const vec = new ByteVector(new TextEncoder().encode('queued bytes'));
 * const stream = new TestStream(systemExecutor);
 * const n = await asyncWrite(stream, dynamicBuffer(vec), useFuture);
 * console.log(n, vec.length); // 12 0: what was written left the vector
 * ```
 */
export function dynamicBuffer(vec: ByteVector, maxSize?: number): DynamicBufferV1<Uint8Array, Uint8Array> {
  const store = vectorStore(checkVector(vec));
  return new BasicDynamicBufferV1(store, checkOptionalLimit('maxSize', maxSize, unlimitedSize));
}

/**
 * A DynamicBuffer v2 over `vec` (Asio's `dynamic_buffer(std::vector&)`, v2). `maxSize` defaults
 * to no limit; over a vector already longer, the buffer is its first `maxSize` bytes, and
 * `grow` / `shrink` drop the rest, as in Asio.
 *
 * @example
 * ```ts
 * import { ByteVector, dynamicBufferV2 } from '@asio-ts/io';
 *
 * const vec = new ByteVector();
 * const buf = dynamicBufferV2(vec, 1024);
 * buf.grow(4);
 * buf.data(0, 4).set([1, 2, 3, 4]);
 * buf.shrink(1);
 * console.log(vec.bytes()); // Uint8Array(3) [ 1, 2, 3 ]
 * ```
 */
export function dynamicBufferV2(vec: ByteVector, maxSize?: number): DynamicBufferV2<Uint8Array> {
  const store = vectorStore(checkVector(vec));
  return new BasicDynamicBufferV2(store, checkOptionalLimit('maxSize', maxSize, unlimitedSize));
}
