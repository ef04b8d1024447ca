// How a generator coroutine is resumed. A generator made by a fresh function (what
// `spawn(ex, function* (y) { ... })` makes per call) has a map of its own, so looking `next` up
// on it misses every inline cache and costs about a microsecond the first time; the engine's
// own %GeneratorPrototype% methods, called directly, cost nothing extra. docs/performance.md
// ("Eighth recorded run") has the figures.

import { isProxy } from './proxies.js';

type Steps = Generator<unknown, unknown, unknown>;

const generatorPrototype = Object.getPrototypeOf(function* () {}).prototype as Steps;
const engineNext = generatorPrototype.next;
const engineThrow = generatorPrototype.throw;
const hasOwn = Object.prototype.hasOwnProperty;

// A Proxy (around the generator or as its prototype) looks like its target to every check
// below, but the engine's methods refuse it: where the host cannot tell one, every generator is
// resumed through its own `next` and `throw`.

/**
 * True when `g` is a generator object of a generator function whose `next` and `throw` come from
 * %GeneratorPrototype% (neither `g` nor its function's prototype defines its own, and `g` is not
 * a Proxy, nor is its prototype). Decided once, when the coroutine starts (by spawn and
 * coComposed alike); `resumeGenerator` still follows a later replacement of
 * %GeneratorPrototype%'s own methods.
 */
export function hasNativeSteps(g: unknown): boolean {
  if (isProxy === undefined || typeof g !== 'object' || g === null || isProxy(g)) return false;
  const own = Object.getPrototypeOf(g) as object | null;
  return (
    own !== null &&
    !isProxy(own) &&
    Object.getPrototypeOf(own) === generatorPrototype &&
    !hasOwn.call(own, 'next') &&
    !hasOwn.call(own, 'throw') &&
    !hasOwn.call(g, 'next') &&
    !hasOwn.call(g, 'throw')
  );
}

/** `g.next(value)`, or `g.throw(value)` when `raise`; `native` is `hasNativeSteps(g)`. */
export function resumeGenerator<Y, R>(g: Generator<Y, R, unknown>, native: boolean, raise: boolean, value: unknown): IteratorResult<Y, R> {
  if (native && !raise && generatorPrototype.next === engineNext) return engineNext.call(g, value) as IteratorResult<Y, R>;
  if (native && raise && generatorPrototype.throw === engineThrow) return engineThrow.call(g, value) as IteratorResult<Y, R>;
  return raise ? g.throw(value) : g.next(value);
}
