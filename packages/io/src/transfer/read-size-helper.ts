/**
 * How much a read into a dynamic buffer asks for (Asio's `read_size_helper` rule, as
 * `read_dynbuf_v1_op`, `read_dynbuf_v2_op` and every `read_until` op compute it inline).
 */

/** The part of a dynamic buffer (v1 or v2) the rule looks at. */
export interface SizedBuffer {
  size(): number;
  capacity(): number;
  maxSize(): number;
}

/** The least a read into a dynamic buffer asks for while there is room (Asio's 512). */
const minReadSize = 512;

/**
 * `min(max(512, capacity - size), min(limit, maxSize - size))`: fill the spare capacity, at
 * least 512 bytes, never more than `limit` (a completion condition's answer; 65536 for
 * `transferAll` and for `readUntil`) and never past `maxSize`. 0 means no read is possible (the
 * buffer is full or the limit is 0). C++ computes the differences on `size_t`; here a buffer
 * whose figures disagree (a size past its maximum) gives 0 rather than a wrapped-around size.
 */
export function readSizeHelper(buffer: SizedBuffer, limit: number): number {
  const size = buffer.size();
  const spare = buffer.capacity() - size;
  const room = buffer.maxSize() - size;
  const n = Math.min(Math.max(minReadSize, spare), Math.min(limit, room));
  // NaN (a user's buffer reporting no number) fails the test too.
  return n > 0 ? n : 0;
}
