/**
 * Marks the library's own executors, whose shape is known, so the hot paths skip the six-method
 * probe that `isExecutor` needs for an arbitrary object (a user's executor still passes by shape).
 * `Symbol.for`, so another copy of the library (its ESM or CommonJS build) knows them too.
 */
export const executorBrand: unique symbol = Symbol.for('asio-ts.executor');

/** Brand `target` (an executor object, or a class prototype) as one of the library's executors. */
export function brandExecutor<T extends object>(target: T): T {
  Object.defineProperty(target, executorBrand, { value: true });
  return target;
}
