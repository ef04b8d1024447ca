import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction, type WorkSignature } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

/**
 * Queue the handler as a continuation of the current one (Asio's `defer`; here the same as
 * `post`). Completes with `()`, through the handler's associated executor. Not cancellable.
 *
 * @example
 * ```ts
 * import { IoContext, defer, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * post(ioc, () => {
 *   defer(ioc, () => console.log('second: after this handler returned'));
 *   console.log('first');
 * });
 * await ioc.run();
 * ```
 */
export function defer(executor: ExecutorOrContext): DeferredOperation<[]>;
export function defer<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function defer<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
/**
 * Run `fn` on `executor` as a continuation of the current handler (here the same as `post`), then
 * complete the token with its result on the token's associated executor (Asio 1.37's
 * `defer(function, executor, token)`). Completes with `()` when `fn` returns nothing, else
 * `(value)`. Not cancellable. An exception thrown by `fn` goes to `executor`, and the token never
 * completes.
 *
 * @example
 * ```ts
 * import { IoContext, defer } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * defer(() => 'done', ioc, (result: string) => console.log(result)); // done
 * await ioc.run();
 * ```
 */
export function defer<R>(fn: () => R, executor: ExecutorOrContext): DeferredOperation<WorkSignature<R>>;
export function defer<R, T extends CompletionToken<WorkSignature<R>>>(fn: () => R, executor: ExecutorOrContext, token: T): AsyncResult<T, WorkSignature<R>>;
export function defer(first: unknown, second?: unknown, third?: unknown): unknown {
  if (runsDirectly(first, second)) {
    first.defer(second as () => void);
    return undefined;
  }
  return scheduleFunction('defer', first, second, third);
}
