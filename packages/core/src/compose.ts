import { asyncInitiate, type AsyncResult, type CompletionToken, type Signature } from './async-result.js';
import { associatedCancellationSlot, associatedExecutor, getAssociatedCancellationSlot, getAssociatedExecutor, withAssociation, withAssociationsOf } from './associations.js';
import { CancellationState, enableTerminalCancellation, type CancellationFilter } from './cancellation-state.js';
import type { CancellationType } from './cancellation-type.js';
import { deferred, type Deferred, type DeferredOperation } from './deferred.js';
import { checkFunction } from './detail/check.js';
import { HandlerWork } from './handler-work.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import { systemExecutor } from './system-executor.js';

/**
 * The `self` of a composed operation (Asio's `async_compose` self): call it as the handler of
 * each inner operation (it re-enters the implementation with the inner results), and finish
 * with `complete(...)`. It carries the final handler's executor and immediate executor and the
 * operation's own (filtered) cancellation slot.
 */
export interface ComposedOperation<S extends Signature> {
  (...args: unknown[]): void;
  /** Deliver the final result. Exactly once. */
  complete(...args: S): void;
  /** Cancellation requested so far (after the filter). */
  cancelled(): CancellationType;
  /** Start over with a fresh cancellation state and these filters (default: terminal only). */
  resetCancellationState(inFilter?: CancellationFilter, outFilter?: CancellationFilter): void;
  /** The operation's current cancellation state. */
  getCancellationState(): CancellationState;
  /** The I/O executor (the first I/O object or executor given, else the handler's executor). */
  getIoExecutor(): Executor;
  /** The final handler's associated executor. */
  getExecutor(): Executor;
}

/** The implementation of a composed operation: called first as `impl(self)`, then with each inner result. */
export type ComposeImplementation<S extends Signature> = (self: ComposedOperation<S>, ...args: never[]) => void;

/**
 * Write a composed asynchronous operation once and serve every token kind (Asio's
 * `async_compose`). Work is held on each I/O executor given and on the handler's executor until
 * the handler runs; completing inside the initiating call goes through the immediate executor.
 * Completes with `S`, whatever `self.complete(...)` is given. Cancellation: what the
 * implementation does with `self`'s slot, which it hands to each inner operation as their
 * handler; terminal only by default (`self.resetCancellationState` lets more through).
 *
 * @example
 * ```ts
 * import { SteadyTimer, asyncCompose, systemExecutor, useFuture, type CompletionToken, type ComposedOperation, type SystemError } from '@asio-ts/core';
 *
 * type TicksSignature = [err: SystemError | null, ticks: number];
 *
 * // Wait on `timer` `count` times, `ms` apart; cancelling it (terminal) cancels the wait in flight.
 * export function asyncTicks<T extends CompletionToken<TicksSignature>>(timer: SteadyTimer, count: number, ms: number, token: T) {
 *   let ticks = -1;
 *   return asyncCompose<TicksSignature, T>((self: ComposedOperation<TicksSignature>, err?: SystemError | null) => {
 *     if (err) return self.complete(err, ticks);
 *     if (++ticks === count) return self.complete(null, ticks);
 *     timer.expiresAfter(ms);
 *     timer.asyncWait(self);
 *   }, token, timer);
 * }
 *
 * console.log(await asyncTicks(new SteadyTimer(systemExecutor), 3, 10, useFuture)); // 3
 * ```
 */
export function asyncCompose<S extends Signature>(implementation: ComposeImplementation<S>): DeferredOperation<S>;
export function asyncCompose<S extends Signature, T extends CompletionToken<S>>(
  implementation: ComposeImplementation<S>,
  token: T,
  ...ioObjectsOrExecutors: ExecutorOrContext[]
): AsyncResult<T, S>;
// For generic callers holding a `token?: T`.
export function asyncCompose<S extends Signature, T = Deferred>(
  implementation: ComposeImplementation<S>,
  token?: T,
  ...ioObjectsOrExecutors: ExecutorOrContext[]
): AsyncResult<T, S>;
export function asyncCompose<S extends Signature, T = Deferred>(
  implementation: ComposeImplementation<S>,
  token?: T,
  ...ioObjectsOrExecutors: ExecutorOrContext[]
): AsyncResult<T, S> {
  checkFunction('implementation', implementation);
  const executors = ioObjectsOrExecutors.map((x, i) => toExecutor(`ioObjectsOrExecutors[${i}]`, x));
  return asyncInitiate(
    (handler: (...args: S) => void) => startComposed(implementation, handler, executors),
    token === undefined ? deferred : token,
  ) as AsyncResult<T, S>;
}

function startComposed<S extends Signature>(
  implementation: ComposeImplementation<S>,
  handler: (...args: S) => void,
  executors: Executor[],
): void {
  const ioExecutor = executors[0] ?? getAssociatedExecutor(handler, systemExecutor);
  const work = new HandlerWork(handler, ioExecutor);
  for (let i = 1; i < executors.length; i++) executors[i]!.onWorkStarted();
  const parentSlot = getAssociatedCancellationSlot(handler);
  let state = new CancellationState(parentSlot, enableTerminalCancellation);
  let done = false;
  // Ended by a step that threw: an operation that step launched still resumes it, later.
  let abandoned = false;
  const impl = implementation as unknown as (self: ComposedOperation<S>, ...args: unknown[]) => void;

  const release = (): void => {
    state.detach();
    for (let i = 1; i < executors.length; i++) executors[i]!.onWorkFinished();
  };

  const abandon = (): void => {
    // The implementation threw: the operation is over without a result. Leave no work or slot
    // handler behind (the exception itself goes to whoever resumed it, as in Asio).
    if (!done) {
      done = true;
      abandoned = true;
      release();
      work.reset();
    }
  };

  const self = withAssociationsOf(function composedStep(...args: unknown[]): void {
    if (done) {
      // The caller saw the step's exception and no handler will run: a late resumption ends here.
      if (abandoned) return;
      throw new Error('composed operation resumed after it completed');
    }
    state.slot().clear();
    try {
      impl(self, ...args);
    } catch (e) {
      abandon();
      throw e;
    }
  }, handler) as ComposedOperation<S>;
  withAssociation(self, null, associatedExecutor, work.executor);
  withAssociation(self, null, associatedCancellationSlot, state.slot());

  self.complete = (...args: S): void => {
    if (done) throw new Error('complete() called twice: a composed operation completes exactly once');
    done = true;
    release();
    work.complete(...args);
  };
  self.cancelled = () => state.cancelled();
  self.getCancellationState = () => state;
  self.resetCancellationState = (inFilter = enableTerminalCancellation, outFilter = inFilter) => {
    checkFunction('inFilter', inFilter);
    checkFunction('outFilter', outFilter);
    state.detach();
    state = new CancellationState(parentSlot, inFilter, outFilter);
    withAssociation(self, null, associatedCancellationSlot, state.slot());
  };
  self.getIoExecutor = () => ioExecutor;
  self.getExecutor = () => work.executor;

  try {
    self();
  } catch (e) {
    abandon();
    throw e;
  }
  work.started();
}
