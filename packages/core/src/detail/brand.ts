/**
 * Class checks that hold across copies of the library. A process can load two copies of
 * @asio-ts/core (the ESM build and the CommonJS build, or two installed versions), each with its
 * own classes, so `instanceof` fails on the other copy's objects. The public classes that are
 * checked as arguments (or tested by users, like `SystemError`) carry a `Symbol.for` brand on
 * their prototype, shared by every copy, and answer `instanceof` through it.
 */

/** True when `x` is an object carrying `brand` (own or inherited). */
export function hasBrand(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && brand in x;
}

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * The body of `static [Symbol.hasInstance]` on a branded class `base`: for `base` itself the
 * brand decides (any copy's instances pass); a subclass keeps the ordinary prototype-chain test.
 */
export function isBranded(cls: unknown, base: unknown, brand: symbol, x: unknown): boolean {
  return cls === base ? hasBrand(x, brand) : ordinaryHasInstance.call(cls, x);
}
