import { asyncInitiate, isTokenObject, type AsyncResult } from '../async-result.js';
import { getAssociatedExecutor } from '../associations.js';
import { deferred, type Deferred } from '../deferred.js';
import { isExecutionContext, isExecutor, toExecutor, type Executor } from '../executor.js';
import { schedule, type Method } from './schedule.js';

/** The shared body of `post`, `dispatch` and `defer`: `(token)` or `(executor, token = deferred)`. */
export function scheduleFunction(method: Method, first: unknown, second: unknown): AsyncResult<unknown, []> {
  if (isExecutor(first) || isExecutionContext(first)) {
    const executor = isExecutor(first) ? first : toExecutor('executor', first);
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
