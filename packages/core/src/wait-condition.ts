import { CancellationType } from './cancellation-type.js';
import { checkNonNegativeInteger } from './detail/check.js';
import { isError } from './detail/check.js';

/**
 * Decides, as each operation of a group completes, what cancellation to emit to the others
 * (`CancellationType.None` to keep waiting). Gets the completed operation's arguments.
 */
export type WaitCondition = (...args: readonly unknown[]) => CancellationType;

function isFailure(args: readonly unknown[]): boolean {
  return args.length > 0 && isError(args[0]);
}

/**
 * Wait for every operation (Asio's `wait_for_all`): a group waiting with it cancels nothing.
 *
 * @example
 * ```ts
 * import { SteadyTimer, makeParallelGroup, systemExecutor, waitForAll } from '@asio-ts/core';
 *
 * const a = new SteadyTimer(systemExecutor, 10);
 * const b = new SteadyTimer(systemExecutor, 20);
 * const [order, errA, errB] = await makeParallelGroup(a.asyncWait(), b.asyncWait()).asyncWait(waitForAll());
 * console.log(order, errA, errB); // [ 0, 1 ] null null
 * ```
 */
export function waitForAll(): WaitCondition {
  return () => CancellationType.None;
}

/**
 * Cancel the rest (with `type`, all types by default) as soon as one completes (Asio's
 * `wait_for_one`): a race.
 *
 * @example
 * ```ts
 * import { SteadyTimer, makeParallelGroup, systemExecutor, waitForOne } from '@asio-ts/core';
 *
 * const work = new SteadyTimer(systemExecutor, 10);
 * const timeout = new SteadyTimer(systemExecutor, 1_000);
 * const [order, workErr, timeoutErr] = await makeParallelGroup(work.asyncWait(), timeout.asyncWait()).asyncWait(waitForOne());
 * console.log(order, workErr, timeoutErr?.code); // [ 0, 1 ] null ECANCELED
 * ```
 */
export function waitForOne(type: CancellationType = CancellationType.All): WaitCondition {
  checkNonNegativeInteger('type', type);
  return () => type;
}

/**
 * Cancel the rest (with `type`, all types by default) as soon as one completes without an error
 * (Asio's `wait_for_one_success`): the first success wins, failures keep the group waiting.
 *
 * @example
 * ```ts
 * import { SteadyTimer, makeParallelGroup, systemExecutor, useFuture, waitForOneSuccess } from '@asio-ts/core';
 *
 * const failing = new SteadyTimer(systemExecutor, 60_000);
 * const succeeding = new SteadyTimer(systemExecutor, 200); // expires well after the launch
 * const group = makeParallelGroup(failing.asyncWait(), succeeding.asyncWait());
 * const waiting = group.asyncWait(waitForOneSuccess(), useFuture); // launched now
 * failing.cancel(); // the first to finish fails: the group waits on
 * const [order] = await waiting;
 * console.log(order); // [ 0, 1 ]
 * ```
 */
export function waitForOneSuccess(type: CancellationType = CancellationType.All): WaitCondition {
  checkNonNegativeInteger('type', type);
  return (...args) => (isFailure(args) ? CancellationType.None : type);
}

/**
 * Cancel the rest (with `type`, all types by default) as soon as one completes with an error
 * (Asio's `wait_for_one_error`): all must succeed, the first failure stops the others.
 *
 * @example
 * ```ts
 * import { SteadyTimer, makeParallelGroup, systemExecutor, useFuture, waitForOneError } from '@asio-ts/core';
 *
 * const timers = [60_000, 60_000].map((ms) => new SteadyTimer(systemExecutor, ms));
 * const waiting = makeParallelGroup(timers.map((t) => t.asyncWait())).asyncWait(waitForOneError(), useFuture);
 * timers[0]!.cancel(); // a failure: the other wait is cancelled too
 * const [order, results] = await waiting;
 * console.log(order, results.map(([err]) => err?.code)); // [ 0, 1 ] [ 'ECANCELED', 'ECANCELED' ]
 * ```
 */
export function waitForOneError(type: CancellationType = CancellationType.All): WaitCondition {
  checkNonNegativeInteger('type', type);
  return (...args) => (isFailure(args) ? type : CancellationType.None);
}
