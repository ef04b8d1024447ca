import { asyncInitiate, checkToken, type AsyncResult, type CompletionToken } from './async-result.js';
import { getAssociatedCancellationSlot } from './associations.js';
import { deferred, type Deferred, type DeferredOperation } from './deferred.js';
import { checkFunction, isAsyncFunction } from './detail/check.js';
import { isDetached } from './detail/detached-token.js';
import { reportOrphanErrorFromHere } from './detail/orphan-errors.js';
import { SpawnDriver, type SpawnBody } from './detail/spawn-driver.js';
import { HandlerWork } from './handler-work.js';
import { toExecutor, type ExecutorOrContext } from './executor.js';

/** The completion signature of `spawn`: `(err, value)`. */
export type SpawnSignature<R> = [err: Error | null, value: R];

// Overloads rather than one signature with `T = Deferred`: a default type parameter would
// become the contextual type of an arrow-function handler, leaving its parameters untyped.
/**
 * Run a generator function as a stackful-style coroutine on `executor` (Asio's `spawn` with a
 * `yield_context`). It starts through a dispatch (inline when already inside `executor`, as
 * Asio's `initiate_spawn`; the handler never runs inside this call); the token completes with
 * `(err, value)`. Cancelling the token's slot reaches the operation the coroutine waits on.
 * Completes with `(err: Error | null, value: R)`: what the generator returned, or what it threw.
 * Cancellation: terminal by default (per-operation, through the handler's slot, forwarded to the
 * operation the coroutine waits on); `y.resetCancellationState` lets partial and total in.
 * `fn(y)` is called in this call (a generator function's body does not run until the coroutine
 * starts), so an `fn` that returns no generator is a TypeError thrown here.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, spawn } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * spawn(ioc, function* (y) {
 *   const timer = new SteadyTimer(ioc, 10);
 *   yield* timer.asyncWait(y); // throws the SystemError if the wait fails
 *   return 'expired';
 * }, (err, value) => console.log(err, value)); // null expired
 * await ioc.run();
 * ```
 */
export function spawn<R>(executor: ExecutorOrContext, fn: SpawnBody<R>): DeferredOperation<SpawnSignature<R>>;
export function spawn<R, T extends CompletionToken<SpawnSignature<R>>>(
  executor: ExecutorOrContext,
  fn: SpawnBody<R>,
  token: T,
): AsyncResult<T, SpawnSignature<R>>;
// For generic callers holding a `token?: T`.
export function spawn<R, T = Deferred>(executor: ExecutorOrContext, fn: SpawnBody<R>, token?: T): AsyncResult<T, SpawnSignature<R>>;
export function spawn<R, T = Deferred>(executor: ExecutorOrContext, fn: SpawnBody<R>, token?: T): AsyncResult<T, SpawnSignature<R>> {
  const ex = toExecutor('executor', executor);
  checkFunction('fn', fn);
  if (isAsyncFunction(fn)) throw new TypeError('fn must be a generator function (function*), not an async function: use coSpawn for those');
  if (token !== undefined) checkToken('token', token);
  const reportsItself = isDetached(token);
  // fn is called here, so that one returning no generator throws from this call.
  let made: SpawnDriver | null = new SpawnDriver(ex, fn as SpawnBody<unknown>);
  return asyncInitiate(
    (handler: (err: Error | null, value: R) => void) => {
      // A token that launches again (by its own protocol) gets a coroutine of its own.
      const driver = made ?? new SpawnDriver(ex, fn as SpawnBody<unknown>);
      made = null;
      const work = new HandlerWork(handler, ex);
      driver.attach(getAssociatedCancellationSlot(handler), (err, value) => {
        // Detached: reported where the coroutine ended, not through an executor nobody may run.
        if (err !== null && reportsItself) {
          reportOrphanErrorFromHere(err);
          err = null;
        }
        work.complete(err, value as R);
      });
      // Asio's initiate_spawn dispatches: already inside `ex`, the body starts here.
      ex.dispatch(() => driver.run());
      work.started();
    },
    token === undefined ? deferred : token,
  ) as AsyncResult<T, SpawnSignature<R>>;
}
