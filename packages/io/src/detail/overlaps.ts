// bufferCopy's overlap test: a copy piece by piece would read source bytes an earlier piece
// already overwrote, so an overlap is copied through a temporary (memmove semantics).

/** True when some piece of `a` and some piece of `b` share memory (same buffer, intersecting bytes). */
export function anyOverlap(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  // Few pieces (the usual case): compared pairwise, allocating nothing.
  if (a.length * b.length <= 16) {
    for (const x of a) for (const y of b) if (intersect(x, y)) return true;
    return false;
  }
  // Keyed by the underlying buffer, so pieces over different memory (the usual case) cost one lookup.
  const ranges = new Map<ArrayBufferLike, Uint8Array[]>();
  for (const piece of a) {
    if (piece.length === 0) continue;
    const list = ranges.get(piece.buffer);
    if (list === undefined) ranges.set(piece.buffer, [piece]);
    else list.push(piece);
  }
  for (const piece of b) {
    if (piece.length === 0) continue;
    const list = ranges.get(piece.buffer);
    if (list === undefined) continue;
    for (const other of list) if (intersect(other, piece)) return true;
  }
  return false;
}

function intersect(x: Uint8Array, y: Uint8Array): boolean {
  return x.buffer === y.buffer && x.length > 0 && y.length > 0 && x.byteOffset < y.byteOffset + y.length && y.byteOffset < x.byteOffset + x.length;
}

/** The first `n` bytes of `pieces`, gathered into new memory. */
export function gather(pieces: readonly Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const piece of pieces) {
    if (at === n) break;
    const take = Math.min(piece.length, n - at);
    out.set(take === piece.length ? piece : piece.subarray(0, take), at);
    at += take;
  }
  return out;
}
