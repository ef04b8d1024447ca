import { asyncInitiate, type AsyncResult } from '../async-result.js';
import { getAssociatedExecutor } from '../associations.js';
import { deferred, type Deferred } from '../deferred.js';
import { isExecutionContext, isExecutor, toExecutor, type Executor } from '../executor.js';
import { schedule } from './schedule.js';

type Method = 'post' | 'dispatch' | 'defer';

/** The shared body of `post`, `dispatch` and `defer`: `(token)` or `(executor, token = deferred)`. */
export function scheduleFunction(method: Method, first: unknown, second: unknown): AsyncResult<unknown, []> {
  if (isExecutor(first) || isExecutionContext(first)) {
    const executor = toExecutor('executor', first);
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
