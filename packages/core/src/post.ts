import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction, type WorkSignature } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

export type { WorkSignature } from './detail/schedule-function.js';

/** Queue the handler on `executor` (or its own associated executor) to run later, never inside this call (Asio's `post`). */
export function post(executor: ExecutorOrContext): DeferredOperation<[]>;
export function post<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function post<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
/**
 * Run `fn` on `executor`, queued (never inside this call), then complete the token with its result
 * on the token's associated executor (Asio 1.37's `post(function, executor, token)`). Completion
 * signature: `[]` when `fn` returns nothing, else `[value]`. An exception thrown by `fn` goes to
 * `executor` (it leaves `IoContext.run()`), and the token never completes.
 */
export function post<R>(fn: () => R, executor: ExecutorOrContext): DeferredOperation<WorkSignature<R>>;
export function post<R, T extends CompletionToken<WorkSignature<R>>>(fn: () => R, executor: ExecutorOrContext, token: T): AsyncResult<T, WorkSignature<R>>;
export function post(first: unknown, second?: unknown, third?: unknown): unknown {
  if (runsDirectly(first, second)) {
    first.post(second as () => void);
    return undefined;
  }
  return scheduleFunction('post', first, second, third);
}
