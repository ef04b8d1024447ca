/**
 * What `then` on a deferred operation or an Awaitable returns: the `then`, `catch` and `finally`
 * of a promise, over a promise that is made only once one of them is first called (`await`
 * never calls them, so awaiting a lazy operation makes no promise of its own). `await`,
 * `Promise.resolve` and `Promise.all` adopt it; it is not `instanceof Promise`. A rejection is
 * made a promise at once, so one nobody handles is still reported as unhandled.
 *
 * @example
 * ```ts
 * import { SteadyTimer, systemExecutor, type LazyPromise } from '@asio-ts/core';
 *
 * const waited: LazyPromise<string> = new SteadyTimer(systemExecutor, 10).asyncWait().then(() => 'expired');
 * console.log(await waited.catch(() => 'failed').finally(() => console.log('settled'))); // settled, then expired
 * ```
 */
export interface LazyPromise<T> extends PromiseLike<T> {
  /** As `Promise.prototype.then`. */
  then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B>;
  /** As `Promise.prototype.catch`. */
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B>;
  /** As `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<T>;
}
