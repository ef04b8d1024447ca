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

/**
 * A dynamic buffer as a write uses it (Asio's `write_dynbuf_v1_op` / `write_dynbuf_v2_op`): its
 * readable bytes, read when the write starts, and consumed by exactly the bytes written.
 */
export class DynamicWriteSource implements Consumable {
  readonly #buffer: DynamicBufferV1 | DynamicBufferV2;
  readonly #v2: boolean;

  constructor(buffer: DynamicBufferV1 | DynamicBufferV2, v2: boolean) {
    this.#buffer = buffer;
    this.#v2 = v2;
  }

  /**
   * The readable bytes, checked (a user's dynamic buffer may return anything). Not copied: the
   * write that reads them starts at once.
   */
  data(): BufferList {
    const buffer = this.#buffer;
    const data = this.#v2 ? (buffer as DynamicBufferV2).data(0, buffer.size()) : (buffer as DynamicBufferV1).data();
    return checkBufferSequence('buffers', data);
  }

  consume(n: number): void {
    this.#buffer.consume(n);
  }
}

/** A write's data after its check: buffers ready to walk, or a dynamic buffer to read at the start. */
export type WriteBuffers = BufferList | DynamicWriteSource;

/**
 * Check a write's data once. As Asio's overloads: a v2 dynamic buffer first, v1 only when it is
 * not also v2, anything else must be a buffer sequence. `copy`: an array is copied, for a write
 * that goes on after this call returns (the caller may reuse its array meanwhile).
 */
export function writeBuffers(buffers: unknown, copy: boolean): WriteBuffers {
  // The most common argument, and neither dynamic buffer: no probes.
  if (isUint8Array(buffers)) return buffers;
  if (isDynamicBufferV2(buffers)) return new DynamicWriteSource(buffers, true);
  if (isDynamicBufferV1(buffers)) return new DynamicWriteSource(buffers, false);
  return checkBufferSequence('buffers', buffers, copy);
}

/** The bytes the write walks, read now from a dynamic buffer. */
export function startingData(buffers: WriteBuffers): BufferList {
  return buffers instanceof DynamicWriteSource ? buffers.data() : buffers;
}

/** What the write consumes its bytes from at completion: the dynamic buffer, or nothing. */
export function consumedSource(buffers: WriteBuffers): Consumable | null {
  return buffers instanceof DynamicWriteSource ? buffers : null;
}
