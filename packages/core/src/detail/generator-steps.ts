// How a generator coroutine is resumed. A generator made by a fresh function (what
// `spawn(ex, function* (y) { ... })` makes per call) has a map of its own, so looking `next` up
// on it misses every inline cache and costs about a microsecond the first time; the engine's
// own %GeneratorPrototype% methods, called directly, cost nothing extra. docs/performance.md
// ("Generator coroutines made per call") has the figures.

type Steps = Generator<unknown, unknown, unknown>;

const generatorPrototype = Object.getPrototypeOf(function* () {}).prototype as Steps;
const nativeNext = generatorPrototype.next;
const nativeThrow = generatorPrototype.throw;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * True when `g` is a generator of a generator function whose `next` and `throw` are the
 * engine's own (nothing on its prototype or on itself replaces them): `resumeGenerator` may then
 * call them directly.
 */
export function hasNativeSteps(g: unknown): boolean {
  if (typeof g !== 'object' || g === null) return false;
  const own = Object.getPrototypeOf(g) as object | null;
  return (
    own !== null &&
    Object.getPrototypeOf(own) === generatorPrototype &&
    !hasOwn.call(own, 'next') &&
    !hasOwn.call(own, 'throw') &&
    !hasOwn.call(g, 'next') &&
    !hasOwn.call(g, 'throw')
  );
}

/** `g.next(value)`, or `g.throw(value)` when `raise`; `native` is `hasNativeSteps(g)`. */
export function resumeGenerator<Y, R>(g: Generator<Y, R, unknown>, native: boolean, raise: boolean, value: unknown): IteratorResult<Y, R> {
  if (native) return (raise ? nativeThrow : nativeNext).call(g, value) as IteratorResult<Y, R>;
  return raise ? g.throw(value) : g.next(value);
}
