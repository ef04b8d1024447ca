/**
 * Dynamic buffers over a binary string (Asio's `dynamic_buffer(std::string&)`, which returns a
 * `dynamic_string_buffer`). `ref.value` holds one char per byte, codes 0 to 255; a char above
 * 255 is a `TypeError` naming `ref.value` when the buffer is created or next used.
 *
 * JavaScript strings cannot be written in place, so `ref.value` is replaced rather than
 * mutated: `prepare`, `commit`, `grow`, `shrink` and `consume` update it at once (like Asio,
 * `prepare` lengthens it with NUL chars until `commit`), and bytes written through a view from
 * the v2 `data(pos, n)` reach it at the next call on the buffer.
 */
import { checkOptionalLimit, unlimitedSize } from '../detail/check.js';
import { BasicDynamicBufferV1, BasicDynamicBufferV2 } from './basic-dynamic-buffer.js';
import { BinaryStringStore, checkStringRef, type StringRef } from './binary-string-store.js';
import type { DynamicBufferV1, DynamicBufferV2 } from './dynamic-buffer.js';

export type { StringRef };

/**
 * A DynamicBuffer v1 over the binary string in `ref.value` (Asio's `dynamic_buffer(std::string&)`,
 * v1). `maxSize` defaults to no limit.
 *
 * @example
 * ```ts
 * import { dynamicStringBuffer, type StringRef } from '@asio-ts/io';
 *
 * const line: StringRef = { value: 'HEL' };
 * const buf = dynamicStringBuffer(line);
 * const area = buf.prepare(2);
 * area.set([0x4c, 0x4f]); // 'LO', as a read would fill it
 * buf.commit(2);
 * console.log(line.value); // HELLO
 * ```
 */
export function dynamicStringBuffer(ref: StringRef, maxSize?: number): DynamicBufferV1<Uint8Array, Uint8Array> {
  const store = new BinaryStringStore(checkStringRef(ref));
  return new BasicDynamicBufferV1(store, checkOptionalLimit('maxSize', maxSize, unlimitedSize));
}

/**
 * A DynamicBuffer v2 over the binary string in `ref.value` (Asio's `dynamic_buffer(std::string&)`,
 * v2). `maxSize` defaults to no limit.
 *
 * @example
 * ```ts
 * import { dynamicStringBufferV2, type StringRef } from '@asio-ts/io';
 *
 * const text: StringRef = { value: 'abc' };
 * const buf = dynamicStringBufferV2(text);
 * buf.grow(1);
 * buf.data(3, 1)[0] = 0x64; // 'd'
 * console.log(buf.size(), text.value.length); // 4 4
 * buf.consume(1);
 * console.log(text.value); // bcd
 * ```
 */
export function dynamicStringBufferV2(ref: StringRef, maxSize?: number): DynamicBufferV2<Uint8Array> {
  const store = new BinaryStringStore(checkStringRef(ref));
  return new BasicDynamicBufferV2(store, checkOptionalLimit('maxSize', maxSize, unlimitedSize));
}
