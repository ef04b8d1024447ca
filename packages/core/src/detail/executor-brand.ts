/**
 * Marks the library's own executors, whose shape is known, so the hot paths skip the six-method
 * probe that `isExecutor` needs for an arbitrary object (a user's executor still passes by shape).
 */
export const executorBrand: unique symbol = Symbol('asio-ts.executor');

/** Brand `target` (an executor object, or a class prototype) as one of the library's executors. */
export function brandExecutor<T extends object>(target: T): T {
  Object.defineProperty(target, executorBrand, { value: true });
  return target;
}
