/**
 * A buffer sequence after `checkBufferSequence`: one buffer, or an array of buffers whose
 * elements are known to be `Uint8Array`s. Everything inside the package that walks a sequence
 * more than once works on this form.
 */
/** A checked buffer sequence: one buffer, or an array the caller can no longer change. */
export type BufferList = Uint8Array | readonly Uint8Array[];

/** Total size in bytes of a checked buffer sequence. */
export function sizeOfList(buffers: BufferList): number {
  // Checked already: a view is the one Uint8Array (of any realm), anything else the array.
  if (ArrayBuffer.isView(buffers)) return buffers.length;
  let n = 0;
  for (let i = 0; i < buffers.length; i++) n += buffers[i]!.length;
  return n;
}
