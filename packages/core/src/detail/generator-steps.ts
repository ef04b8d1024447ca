// How a generator coroutine is resumed. A generator made by a fresh function (what
// `spawn(ex, function* (y) { ... })` makes per call) has a map of its own, so looking `next` up
// on it misses every inline cache and costs about a microsecond the first time; the engine's
// own %GeneratorPrototype% methods, called directly, cost nothing extra. docs/performance.md
// ("Eighth recorded run") has the figures.

import { describe, isThenable } from './check.js';
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

/**
 * The TypeError, naming `name`, for what a coroutine body returned when it cannot be resumed as a
 * generator (`native`: `hasNativeSteps` said it is one); null when it can. `asyncToo`: an async
 * generator will do (coComposed awaits its steps; spawn cannot).
 */
export function notAGenerator(name: string, g: unknown, native: boolean, asyncToo: boolean): TypeError | null {
  if (native) return null;
  const what = asyncToo ? 'a generator function (function* or async function*)' : 'a generator function (function*)';
  if (typeof (g as { next?: unknown } | null)?.next !== 'function') {
    return new TypeError(`${name} must be ${what} or a function returning a generator; it returned ${describe(g)}`);
  }
  // An async generator is async-iterable only (an object that is both may answer in step).
  const it = g as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };
  if (!asyncToo && typeof it[Symbol.asyncIterator] === 'function' && typeof it[Symbol.iterator] !== 'function') {
    return new TypeError(`${name} must return a generator (function*), not an async generator, whose steps are promises: use coSpawn for async code`);
  }
  return null;
}

/** Whether what a hand-made iterator's `next()` gave can be read as an iterator result. */
export function isIteratorResult(r: unknown): boolean {
  return typeof r === 'object' && r !== null && !isThenable(r);
}
