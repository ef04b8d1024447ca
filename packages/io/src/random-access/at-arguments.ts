/**
 * The arguments of the random-access operations (`asyncReadAt`, `readAt`, `asyncWriteAt`,
 * `writeAt`) and the one place they are checked: the offset, and the data, a buffer sequence or
 * a DynamicBuffer v1 (Asio's `basic_streambuf` overloads of `read_at` / `write_at`).
 */
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import type { ConstBufferSequence, MutableBufferSequence } from '../buffers/buffer.js';
import { isDynamicBufferV1, isDynamicBufferV2, type DynamicBufferV1 } from '../buffers/dynamic-buffer.js';
import { checkBufferSequence, checkSize, describe, isUint8Array } from '../detail/check.js';

/** Where `asyncReadAt` and `readAt` put the bytes: a buffer sequence, or a DynamicBuffer v1 they commit to. */
export type ReadAtTarget = MutableBufferSequence | DynamicBufferV1;

/** What `asyncWriteAt` and `writeAt` write: a buffer sequence, or a DynamicBuffer v1 they consume from. */
export type WriteAtSource = ConstBufferSequence | DynamicBufferV1;

// The condition types the overloads share with asyncWrite and asyncRead.
export type { NotACondition, TaggedTransferCondition as TaggedAtCondition, TransferCondition as AtCondition } from '../transfer/transfer-condition.js';

/** An offset into a device: a non-negative safe integer (Asio's `uint64_t offset`). */
export function checkOffset(offset: unknown): number {
  return checkSize('offset', offset);
}

/** The data of a random-access operation after its check: buffers to walk, or a DynamicBuffer v1. */
export type AtBuffers = { readonly dynamic: false; readonly list: BufferList } | { readonly dynamic: true; readonly buffer: DynamicBufferV1 };

/**
 * Check the data of a random-access operation once. A DynamicBuffer v1 is taken as Asio's
 * `basic_streambuf` overloads take one (an object that is also v2 counts as v1 here: there is no
 * v2 form); a DynamicBuffer v2 alone is refused, as Asio has no such overload; anything else
 * must be a buffer sequence. An array is copied (not its bytes): the operation outlives the call,
 * and the caller may reuse its array meanwhile.
 */
export function atBuffers(buffers: unknown): AtBuffers {
  if (isUint8Array(buffers)) return { dynamic: false, list: buffers };
  if (isDynamicBufferV1(buffers)) return { dynamic: true, buffer: buffers };
  if (isDynamicBufferV2(buffers)) {
    throw new TypeError(
      `buffers must be a Uint8Array, an iterable of Uint8Array or a DynamicBuffer v1 (the random-access operations have no DynamicBuffer v2 form, as Asio's), got ${describe(buffers)}`,
    );
  }
  return { dynamic: false, list: checkBufferSequence('buffers', buffers, true) };
}

/**
 * Throws a RangeError naming `offset` when one of `size` bytes from there would lie past
 * `Number.MAX_SAFE_INTEGER`: its position would round (Asio's are exact 64-bit sums). Buffers are
 * checked by the call (`checkSequenceEnd`), a dynamic buffer's data when a write takes it; how far
 * a read into a dynamic buffer grows is not known before it happens.
 */
export function checkEnd(offset: number, size: number): void {
  // The last byte's position, offset + size - 1, must be exact.
  if (size > 0 && offset > Number.MAX_SAFE_INTEGER - (size - 1)) {
    throw new RangeError(`offset ${offset} with ${size} bytes passes Number.MAX_SAFE_INTEGER: the positions would not be exact`);
  }
}

/** `checkEnd` for the buffers of a call (a dynamic buffer is checked when its data is taken). */
export function checkSequenceEnd(offset: number, target: AtBuffers): void {
  if (!target.dynamic) checkEnd(offset, sizeOfList(target.list));
}

/** Throws a TypeError naming `errorRef` unless it is undefined or an object (the synchronous forms). */
export function checkErrorRef(errorRef: unknown): void {
  if (errorRef !== undefined && (typeof errorRef !== 'object' || errorRef === null)) {
    throw new TypeError(`errorRef must be an object with an \`error\` property, got ${describe(errorRef)}`);
  }
}
