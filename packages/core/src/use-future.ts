import { asyncResult, tokenKind, type Signature, type Start, type TokenObject } from './async-result.js';
import { callInitiation, withArgumentsTwin, type Initiation } from './detail/initiate-with-arguments.js';
import { settle } from './detail/result.js';

/**
 * Makes an initiating function return a Promise (Asio's `use_future`): it rejects with the
 * error in the first slot, or resolves with the rest (`[]` → undefined, `[x]` → x, else a tuple).
 */
export interface UseFuture extends TokenObject<'useFuture'> {}

const noArguments: readonly unknown[] = Object.freeze([]);

/** Call `initiation(handler, ...args)` with a handler settling the promise returned. */
function launchFuture(initiation: Initiation, args: readonly unknown[]): Promise<unknown> {
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

// asyncInitiate's way in is the twin: the initiation gets its arguments as they are.
const futureResult = withArgumentsTwin(
  function asyncResultOfUseFuture<S extends Signature>(start: Start<S>): Promise<unknown> {
    return launchFuture(start, noArguments);
  },
  launchFuture,
);

export const useFuture: UseFuture = Object.freeze({
  [tokenKind]: 'useFuture' as const,
  [asyncResult]: futureResult,
});
