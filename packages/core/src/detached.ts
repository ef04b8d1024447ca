import { asyncResult, tokenKind, type Initiation, type Signature, type TokenObject } from './async-result.js';
import { callInitiation } from './detail/initiate.js';
import { reportOrphanError, setOrphanErrorReporter } from './detail/orphan-errors.js';
import { isError } from './detail/check.js';

/**
 * Receives errors that have no handler to go to: those operations launched with `detached`
 * completed with, and rejections of promises returned by strand handlers.
 */
export type DetachedErrorReporter = (error: Error) => void;

/**
 * Set where errors of detached operations (and rejected strand handlers) go; returns the previous
 * reporter. By default they are written as a process warning on Node (`process.emitWarning`) and
 * with `console.error` elsewhere, so none is lost silently.
 *
 * A detached coroutine's error (`coSpawn`/`spawn` with `detached`) is reported when the
 * coroutine ends, not through its executor, so it arrives even if nobody runs the context any
 * more (after `run()` rejected); if the reporter throws there, its exception is rethrown as an
 * uncaught exception.
 *
 * @example
 * ```ts
 * import { SteadyTimer, detached, setDetachedErrorReporter, systemExecutor } from '@asio-ts/core';
 *
 * const previous = setDetachedErrorReporter((err) => console.log('background failure:', err.message));
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * timer.asyncWait(detached);
 * timer.cancel(); // background failure: Operation canceled
 * setTimeout(() => setDetachedErrorReporter(previous), 10);
 * ```
 */
export function setDetachedErrorReporter(next: DetachedErrorReporter): DetachedErrorReporter {
  if (typeof next !== 'function') throw new TypeError('next must be a function (the new reporter)');
  return setOrphanErrorReporter(next);
}

function detachedHandler(...args: unknown[]): void {
  const first = args.length > 0 ? args[0] : null;
  if (isError(first)) reportOrphanError(first);
}

/** Launch and forget (Asio's `detached`): the initiating function returns nothing. */
export interface Detached extends TokenObject<'detached'> {}

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    detached: void;
  }
}

/**
 * The token that launches an operation and forgets it (Asio's `detached`): the initiating
 * function returns nothing, and an error the operation completes with goes to the detached error
 * reporter (`setDetachedErrorReporter`). Alone it binds no cancellation slot; wrap it to cancel
 * the operation (`bindCancellationSlot(slot, detached)`).
 *
 * @example
 * ```ts
 * import { IoContext, coSpawn, detached } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * coSpawn(ioc, async () => console.log('background job ran'), detached);
 * await ioc.run();
 * ```
 */
export const detached: Detached = Object.freeze({
  [tokenKind]: 'detached' as const,
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): void {
    callInitiation(initiation, detachedHandler, args);
  },
});
