// The streams a read adapter took over: a second one would get every chunk the first gets.
// Shared by every copy of the library (its ESM and CommonJS builds), as the class brands are.
const adaptedKey = Symbol.for('asio-ts.readAdapted');
const adapted: WeakSet<object> = ((globalThis as Record<symbol, unknown>)[adaptedKey] ??= new WeakSet<object>()) as WeakSet<object>;

/** Throw a TypeError naming `name` when `readable` already has a read adapter. */
export function checkNotAdapted(name: string, readable: object): void {
  if (adapted.has(readable)) {
    throw new TypeError(`${name} already has a read adapter (fromReadable or fromDuplex): a second one would get every chunk the first gets; use the first`);
  }
}

/** `readable` has a read adapter from now on. */
export function markAdapted(readable: object): void {
  adapted.add(readable);
}
