import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

/** Queue the handler on `executor` (or its own associated executor) to run later, never inside this call (Asio's `post`). */
export function post(executor: ExecutorOrContext): DeferredOperation<[]>;
export function post<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function post<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
export function post(first: unknown, second?: unknown): unknown {
  if (runsDirectly(first, second)) {
    first.post(second as () => void);
    return undefined;
  }
  return scheduleFunction('post', first, second);
}
