import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

/** Queue the handler as a continuation of the current one (Asio's `defer`; here the same as `post`). */
export function defer(executor: ExecutorOrContext): DeferredOperation<[]>;
export function defer<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function defer<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
export function defer(first: unknown, second?: unknown): unknown {
  if (runsDirectly(first, second)) {
    first.defer(second as () => void);
    return undefined;
  }
  return scheduleFunction('defer', first, second);
}
