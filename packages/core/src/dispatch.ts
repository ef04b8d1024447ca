import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

/** Run the handler at once if already running inside `executor`, else queue it (Asio's `dispatch`: the one initiating function whose handler may run inside it). */
export function dispatch(executor: ExecutorOrContext): DeferredOperation<[]>;
export function dispatch<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function dispatch<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
export function dispatch(first: unknown, second?: unknown): unknown {
  if (runsDirectly(first, second)) {
    first.dispatch(second as () => void);
    return undefined;
  }
  return scheduleFunction('dispatch', first, second);
}
