import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction, type WorkSignature } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

export type { WorkSignature } from './detail/schedule-function.js';

/**
 * Queue the handler on `executor` (or its own associated executor) to run later, never inside
 * this call (Asio's `post`). Completes with `()`, through the handler's associated executor.
 * Not cancellable.
 *
 * @example
 * ```ts
 * import { IoContext, post, useFuture } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * post(ioc, () => console.log('runs inside ioc.run()'));
 * const posted = post(ioc, useFuture); // a Promise<void>, settled once that handler ran
 * await ioc.run();
 * await posted;
 * ```
 */
export function post(executor: ExecutorOrContext): DeferredOperation<[]>;
export function post<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function post<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
/**
 * Run `fn` on `executor`, queued (never inside this call), then complete the token with its result
 * on the token's associated executor (Asio 1.37's `post(function, executor, token)`). Completes
 * with `()` when `fn` returns nothing, else `(value)`. Not cancellable. An exception thrown by
 * `fn` goes to `executor` (it leaves `IoContext.run()`), and the token never completes.
 *
 * @example
 * ```ts
 * import { IoContext, post, useFuture } from '@asio-ts/core';
 *
 * const worker = new IoContext();
 * const sum = post(() => 1 + 2, worker, useFuture); // computed inside worker.run()
 * await worker.run();
 * console.log(await sum); // 3
 * ```
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
