// Argument checks shared by every public function: programmer errors throw at once, naming the
// argument, as Asio's compile-time constraints would have refused the call.

/**
 * Throw a `TypeError` naming the argument (`${name} must be a function, got 42`) unless `value`
 * is a function: the check asio-ts's initiating functions make of a handler or callback
 * argument, for authors of their own.
 *
 * @example
 * ```ts
 * import { checkFunction } from '@asio-ts/core';
 *
 * export function onTick(callback: () => void): void {
 *   checkFunction('callback', callback); // a programmer error throws here, not later
 *   setInterval(callback, 1000);
 * }
 * ```
 */
export function checkFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  // The throw in a function of its own keeps this one small enough to inline on the hot paths.
  if (typeof value !== 'function') notAFunction(name, value);
}

function notAFunction(name: string, value: unknown): never {
  mustBe(name, 'a function', value);
}

/**
 * Throw `${name} must be ${what}, got ...`: a check's failure, out of line so that the checks on
 * the hot paths stay small enough to inline.
 */
export function mustBe(name: string, what: string, value: unknown): never {
  const error = new TypeError(`${name} must be ${what}, got ${describe(value)}`);
  // The trace starts at the check, not here (V8's hook; elsewhere the trace keeps this frame).
  (Error as { captureStackTrace?: (e: object, from: unknown) => void }).captureStackTrace?.(error, mustBe);
  throw error;
}

export function checkNonNegativeInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/**
 * How an argument reads in an error message, the same in every package: small values as they
 * are (`42`, `"abc"`, `true`), larger or opaque ones by kind (`a string`, `a function`,
 * `an array`, `an instance of Map`, `an object`). Never dumps a whole buffer. Exported from
 * `@asio-ts/core` as `describeValue`.
 *
 * @example
 * ```ts
 * import { describeValue } from '@asio-ts/core';
 *
 * export function checkPort(port: unknown): number {
 *   if (typeof port !== 'number') throw new TypeError(`port must be a number, got ${describeValue(port)}`);
 *   return port;
 * }
 * console.log(describeValue(new Map()), describeValue('x'.repeat(100))); // an instance of Map a string
 * ```
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return value.length > 20 ? 'a string' : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) return 'an array';
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== 'Object' && ctor.name !== '' ? `an instance of ${ctor.name}` : 'an object';
}

const objectToString = Object.prototype.toString;

/**
 * True for an Error, also one made in another realm (a `vm` context, an iframe, a Jest
 * environment's Node errors), where `instanceof Error` is false: its tag is still 'Error'.
 */
export function isError(x: unknown): x is Error {
  return x instanceof Error || isForeignError(x);
}

// Apart, so that isError stays small where it is inlined; an array (asTuple's) is never one. A
// SystemError of another copy or realm made without a host Error (detail/frameless-error.ts)
// answers to its brand.
function isForeignError(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return objectToString.call(x) === '[object Error]' || (x as Record<symbol, unknown>)[systemErrorBrand] === true;
}

const systemErrorBrand = Symbol.for('asio-ts.SystemError');

/** `e` as an Error: thrown non-Error values are wrapped, the original kept as `cause`. */
export function toError(e: unknown): Error {
  return isError(e) ? e : new Error(`a non-Error value was thrown: ${safeString(e)}`, { cause: e });
}

/** `String(x)`, also for values that cannot be converted (null-prototype objects, hostile valueOf). */
export function safeString(x: unknown): string {
  try {
    return String(x);
  } catch {
    return Object.prototype.toString.call(x);
  }
}

export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

// A generator function of this realm is answered without reading `constructor.name`.
const generatorFunctionPrototype: unknown = Object.getPrototypeOf(function* () {});

/** True for `async function` and `async function*` values (never what a generator API wants). */
export function isAsyncFunction(fn: unknown): boolean {
  if (typeof fn === 'function' && Object.getPrototypeOf(fn) === generatorFunctionPrototype) return false;
  const name = typeof fn === 'function' ? (fn as { constructor?: { name?: unknown } }).constructor?.name : undefined;
  return name === 'AsyncFunction' || name === 'AsyncGeneratorFunction';
}

const AbortSignalClass: typeof AbortSignal | undefined = (globalThis as { AbortSignal?: typeof AbortSignal }).AbortSignal;

/** True for an AbortSignal (a real one, or one of the same shape from another realm). */
export function isAbortSignal(x: unknown): x is AbortSignal {
  // instanceof first: reading `aborted` on a real AbortSignal goes through a checked getter.
  if (AbortSignalClass !== undefined && x instanceof AbortSignalClass) return true;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as AbortSignal).aborted === 'boolean' &&
    typeof (x as AbortSignal).addEventListener === 'function'
  );
}
