import {
  asyncInitiate,
  asyncResult,
  tokenKind,
  withAssociationsOf,
  type Handler,
  type Signature,
  type Initiation,
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
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
      // The inner token launches the wrapping initiation, which gets the outer initiation and its
      // arguments as its own arguments.
      return asyncInitiate(
        (handler: Handler<Signature>, outer: Initiation<S, A>, outerArgs: A) => {
          const wrapper = withAssociationsOf((...results: unknown[]) => {
            counter.calls++;
            if (initiating()) counter.insideInitiation++;
            onCall?.();
            handler(...results);
          }, handler);
          outer(wrapper as unknown as Handler<S>, ...outerArgs);
        },
        inner,
        initiation,
        args,
      );
    },
  };
}
