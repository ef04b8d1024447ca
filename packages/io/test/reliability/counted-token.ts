import {
  asyncInitiate,
  asyncResult,
  tokenKind,
  withAssociationsOf,
  type Handler,
  type Signature,
  type Start,
} from '@asio-ts/core';

export interface CallCounter {
  calls: number;
  insideInitiation: number;
}

/**
 * A user-defined token adapter that counts how often the inner token's handler is called (so
 * "exactly once" is observable under promise and coroutine tokens too, where a second call
 * would vanish silently) and whether a call happened inside the initiating function.
 */
export function counted<T>(inner: T, counter: CallCounter, initiating: () => boolean, onCall?: () => void): unknown {
  return {
    [tokenKind]: 'counted',
    [asyncResult]<S extends Signature>(start: Start<S>): unknown {
      return asyncInitiate((handler: Handler<Signature>) => {
        const wrapper = withAssociationsOf((...args: unknown[]) => {
          counter.calls++;
          if (initiating()) counter.insideInitiation++;
          onCall?.();
          handler(...args);
        }, handler);
        (start as unknown as Start<Signature>)(wrapper);
      }, inner);
    },
  };
}
