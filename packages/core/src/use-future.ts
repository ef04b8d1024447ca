import { asyncResult, tokenKind, type ResultValue, type Signature, type TokenObject } from './async-result.js';
import { callInitiation, type AnyInitiation } from './detail/initiate.js';
import { settle } from './detail/result.js';

/**
 * Makes an initiating function return a Promise (Asio's `use_future`): it rejects with the
 * error in the first slot, or resolves with the rest (`[]` → undefined, `[x]` → x, else a tuple).
 */
export interface UseFuture extends TokenObject<'useFuture'> {}

/** What an initiating function with signature `S` returns for `useFuture`. */
export type FutureResult<S extends Signature> = Promise<ResultValue<S>>;

// Registers the return type of `useFuture` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    useFuture: FutureResult<S>;
  }
}

/** Call `initiation(handler, ...args)` with a handler settling the promise returned. */
function launchFuture(initiation: AnyInitiation, args: readonly unknown[]): Promise<unknown> {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const handler = (...results: unknown[]): void => settle(resolve, reject, results);
  // Started outside the Promise executor so a programmer error still throws synchronously.
  callInitiation(initiation, handler, args);
  return promise;
}

/**
 * The token that makes an initiating function return a Promise (Asio's `use_future`): the
 * promise rejects with the error in the first slot, or resolves with the rest (`[]` → undefined,
 * `[x]` → x, else a tuple). The operation starts at once; its cancellation is bound as with any
 * token (`bindCancellationSlot(slot, useFuture)`).
 *
 * @example
 * ```ts
 * import { SteadyTimer, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 10);
 * await timer.asyncWait(useFuture); // resolves with undefined on expiry, rejects if cancelled
 * ```
 */
export const useFuture: UseFuture = Object.freeze({
  [tokenKind]: 'useFuture' as const,
  [asyncResult]: launchFuture as UseFuture[typeof asyncResult],
});
