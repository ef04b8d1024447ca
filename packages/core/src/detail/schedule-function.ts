import { asyncInitiate, isTokenObject, type AsyncResult } from '../async-result.js';
import { getAssociatedExecutor } from '../associations.js';
import { deferred, type Deferred } from '../deferred.js';
import { isExecutionContext, isExecutor, toExecutor, type Executor } from '../executor.js';
import { associatedExecutorOf } from './associated.js';
import { checkFunction } from './check.js';
import { asyncResult } from './initiate.js';
import { schedule, type Method } from './schedule.js';

/**
 * The completion signature of `post(fn, executor, token)` (and `dispatch`, `defer`), Asio's
 * `void()` when `fn` returns nothing, else `void(R)`: `[]` or `[value: R]`.
 */
export type WorkSignature<R> = [R] extends [void] ? [] : [value: R];

/**
 * True when `handler` is a plain function whose associated executor is `executor` itself (none
 * bound): then `executor[method](handler)` is the whole of post/dispatch/defer. Each of those
 * makes that call with its method name spelled out, which keeps the call site monomorphic.
 */
export function runsDirectly(executor: unknown, handler: unknown): executor is Executor {
  return (
    typeof handler === 'function' &&
    isExecutor(executor) &&
    (handler as { [asyncResult]?: unknown })[asyncResult] === undefined &&
    associatedExecutorOf(handler, executor) === executor
  );
}

/**
 * The shared body of `post`, `dispatch` and `defer`: `(token)`, `(executor, token = deferred)`,
 * or `(fn, executor, token = deferred)` (Asio 1.37: run `fn` on `executor`, then complete the
 * token with its result). The last is told apart by an executor (or context) second, a function
 * followed by another argument, or a third argument: no older form has any of them.
 */
export function scheduleFunction(method: Method, first: unknown, second: unknown, third?: unknown): AsyncResult<unknown, []> {
  const firstIsExecutor = isExecutor(first);
  if (firstIsExecutor || isExecutionContext(first)) {
    const executor = firstIsExecutor ? first : toExecutor('executor', first);
    // The common case, a plain function handler, needs no token machinery.
    if (typeof second === 'function' && !isTokenObject(second)) {
      schedule(method, executor, second as () => void);
      return undefined as AsyncResult<unknown, []>;
    }
    const token: unknown = second === undefined ? deferred : second;
    return asyncInitiate((handler: () => void) => schedule(method, executor, handler), token);
  }
  if ((typeof first === 'function' && second !== undefined) || third !== undefined || isExecutor(second) || isExecutionContext(second)) {
    if (isTokenObject(first)) {
      throw new TypeError(`fn must be a function to run, got a completion token (the executor comes first: ${method}(executor, token))`);
    }
    checkFunction('fn', first);
    const executor = toExecutor('executor', second);
    return asyncInitiate(runWork, third === undefined ? deferred : third, method, executor, first as () => unknown) as AsyncResult<unknown, []>;
  }
  if (second !== undefined) toExecutor('executor', first);
  return asyncInitiate(
    (handler: () => void) => {
      const executor: Executor = getAssociatedExecutor(handler);
      executor[method](handler);
    },
    first === undefined ? (deferred as Deferred) : first,
  );
}

/**
 * The initiation of `post(fn, executor, token)` (Asio's initiate_post_with_executor with a
 * function): schedule `fn` on `executor` by `method`; once it returns, dispatch the handler with
 * its result on the handler's associated executor, holding work there meanwhile. A function that
 * throws throws on `executor` (out of `IoContext.run()`, or to the host for the system
 * executor): the handler never runs and the work is released, as Asio lets the exception
 * propagate to the target executor.
 */
function runWork(handler: (...args: unknown[]) => void, method: Method, executor: Executor, fn: () => unknown): void {
  const target = associatedExecutorOf(handler, executor);
  if (target === executor) {
    // Running inside `executor` already: its dispatch is a direct call.
    executor[method](() => {
      const result = fn();
      if (result === undefined) handler();
      else handler(result);
    });
    return;
  }
  target.onWorkStarted();
  executor[method](() => {
    let result: unknown;
    try {
      result = fn();
    } catch (e) {
      target.onWorkFinished();
      throw e;
    }
    try {
      target.dispatch(result === undefined ? handler : () => handler(result));
    } finally {
      target.onWorkFinished();
    }
  });
}
