/**
 * Byte searches for the read-until matchers. Node's `Buffer.prototype.indexOf` (memchr, and a
 * native sequence search) runs on any Uint8Array and is many times faster than
 * `TypedArray.prototype.indexOf`, an element-by-element loop; outside Node (no `Buffer`) the
 * TypedArray method is used, and a sequence is found by its first byte.
 */

type NativeIndexOf = (this: Uint8Array, value: number | Uint8Array, from: number) => number;

const nodeIndexOf: NativeIndexOf | undefined = (globalThis as { Buffer?: { prototype: { indexOf?: NativeIndexOf } } }).Buffer?.prototype.indexOf;

/** The index of the first `byte` in `data` at or after `from`, or -1. */
export const indexOfByte: (data: Uint8Array, byte: number, from: number) => number =
  nodeIndexOf !== undefined ? (data, byte, from) => nodeIndexOf.call(data, byte, from) : (data, byte, from) => data.indexOf(byte, from);

/** The index of the first full occurrence of `seq` (two bytes or more) in `data` at or after `from`, or -1. */
export const indexOfSequence: (data: Uint8Array, seq: Uint8Array, from: number) => number =
  nodeIndexOf !== undefined ? (data, seq, from) => nodeIndexOf.call(data, seq, from) : scanSequence;

function scanSequence(data: Uint8Array, seq: Uint8Array, from: number): number {
  const m = seq.length;
  const last = data.length - m;
  const first = seq[0]!;
  for (let i = from; i <= last; i++) {
    i = data.indexOf(first, i);
    if (i < 0 || i > last) return -1;
    let k = 1;
    while (k < m && data[i + k] === seq[k]) k++;
    if (k === m) return i;
  }
  return -1;
}
