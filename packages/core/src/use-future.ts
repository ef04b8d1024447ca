import { asyncResult, tokenKind, type Signature, type Start, type TokenObject } from './async-result.js';
import { settle } from './detail/result.js';

/**
 * Makes an initiating function return a Promise (Asio's `use_future`): it rejects with the
 * error in the first slot, or resolves with the rest (`[]` → undefined, `[x]` → x, else a tuple).
 */
export interface UseFuture extends TokenObject<'useFuture'> {}

export const useFuture: UseFuture = Object.freeze({
  [tokenKind]: 'useFuture' as const,
  [asyncResult]<S extends Signature>(start: Start<S>): Promise<unknown> {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Started outside the Promise executor so a programmer error still throws synchronously.
    start(((...args: unknown[]) => settle(resolve, reject, args)) as unknown as Parameters<Start<S>>[0]);
    return promise;
  },
});
