import { asyncInitiate, asyncResult, isTokenObject, type AsyncResult } from '../async-result.js';
import { getAssociatedExecutor } from '../associations.js';
import { deferred, type Deferred } from '../deferred.js';
import { isExecutionContext, isExecutor, toExecutor, type Executor } from '../executor.js';
import { associatedExecutorOf } from './associated.js';
import { schedule, type Method } from './schedule.js';

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

/** The shared body of `post`, `dispatch` and `defer`: `(token)` or `(executor, token = deferred)`. */
export function scheduleFunction(method: Method, first: unknown, second: unknown): AsyncResult<unknown, []> {
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
  if (second !== undefined) toExecutor('executor', first);
  return asyncInitiate(
    (handler: () => void) => {
      const executor: Executor = getAssociatedExecutor(handler);
      executor[method](handler);
    },
    first === undefined ? (deferred as Deferred) : first,
  );
}
