import type { AsyncResult, CompletionToken } from './async-result.js';
import type { DeferredOperation } from './deferred.js';
import { runsDirectly, scheduleFunction, type WorkSignature } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

/**
 * Run the handler at once if already running inside `executor`, else queue it (Asio's
 * `dispatch`: the one initiating function whose handler may run inside it). Completes with `()`,
 * through the handler's associated executor. Not cancellable.
 *
 * @example
 * ```ts
 * import { IoContext, dispatch, post } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * post(ioc, () => {
 *   dispatch(ioc, () => console.log('first: already inside ioc, so it runs here'));
 *   console.log('second');
 * });
 * await ioc.run();
 * ```
 */
export function dispatch(executor: ExecutorOrContext): DeferredOperation<[]>;
export function dispatch<T extends CompletionToken<[]>>(executor: ExecutorOrContext, token: T): AsyncResult<T, []>;
export function dispatch<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []>;
/**
 * Run `fn` on `executor`, at once if already running inside it, else queued, then complete the
 * token with its result on the token's associated executor (Asio 1.37's `dispatch(function,
 * executor, token)`). Completes with `()` when `fn` returns nothing, else `(value)`. Not
 * cancellable. An exception thrown by `fn` goes to `executor`, and the token never completes.
 *
 * @example
 * ```ts
 * import { IoContext, dispatch, makeStrand, useFuture } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const strand = makeStrand(ioc);
 * const state = { hits: 0 };
 * const hits = dispatch(() => ++state.hits, strand, useFuture); // runs on the strand
 * await ioc.run();
 * console.log(await hits); // 1
 * ```
 */
export function dispatch<R>(fn: () => R, executor: ExecutorOrContext): DeferredOperation<WorkSignature<R>>;
export function dispatch<R, T extends CompletionToken<WorkSignature<R>>>(fn: () => R, executor: ExecutorOrContext, token: T): AsyncResult<T, WorkSignature<R>>;
export function dispatch(first: unknown, second?: unknown, third?: unknown): unknown {
  if (runsDirectly(first, second)) {
    first.dispatch(second as () => void);
    return undefined;
  }
  return scheduleFunction('dispatch', first, second, third);
}
