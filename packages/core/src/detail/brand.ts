/**
 * Class checks that hold across copies of the library. A process can load two copies of
 * @asio-ts/core (the ESM build and the CommonJS build, or two installed versions), each with its
 * own classes, so `instanceof` fails on the other copy's objects. The public classes that are
 * checked as arguments (or tested by users, like `SystemError`) carry a `Symbol.for` brand on
 * their prototype, shared by every copy, and answer `instanceof` through it.
 */

/** True when `x` is an object carrying `brand` (own or inherited). */
function hasBrand(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && brand in x;
}

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * The body of `static [Symbol.hasInstance]` on a branded class `base`: the ordinary
 * prototype-chain test first (this copy's instances), then, for `base` itself, the brand (another
 * copy's instances). A subclass keeps the ordinary test alone.
 */
export function isBranded(cls: unknown, base: unknown, brand: symbol, x: unknown): boolean {
  return ordinaryHasInstance.call(cls, x) || (cls === base && hasBrand(x, brand));
}
