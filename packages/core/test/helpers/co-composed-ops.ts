// Composed operations of Asio's co_composed.cpp, written with coComposed: bodies that throw at each
// point, post loops, nested composed operations and a loop that decides on cancellation.
import {
  CancellationType,
  coComposed,
  deferred,
  errors,
  IoContext,
  makeError,
  post,
  type AsyncResult,
  type CoComposedState,
  type CompletionToken,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { asyncThrowing } from './coro-ops';

// --- Operations of the Asio port ---------------------------------------------------------------

export const thrown = new Error('42');

export function throwFirst<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []> {
   
  return coComposed(function* (_state: CoComposedState<[]>): Generator<never, [], unknown> {
    throw thrown;
  }, token);
}

export function throwAfterAwait<T extends CompletionToken<[]>>(ioc: IoContext, token: T): AsyncResult<T, []> {
  return coComposed(
    function* (state: CoComposedState<[]>) {
      yield* state.wait(post(ioc));
      throw thrown;
    },
    token,
    ioc,
  );
}

export function throwInFirstSuspend<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []> {
  return coComposed(function* (state: CoComposedState<[]>) {
    yield* state.wait(asyncThrowing(thrown));
    return [];
  }, token);
}

export function throwInSuspendAfterAwait<T extends CompletionToken<[]>>(ioc: IoContext, token: T): AsyncResult<T, []> {
  return coComposed(
    function* (state: CoComposedState<[]>) {
      yield* state.wait(post(ioc));
      yield* state.wait(asyncThrowing(thrown));
      return [];
    },
    token,
    ioc,
  );
}

export function postLoop<T extends CompletionToken<[number]>>(ioc: IoContext, token: T): AsyncResult<T, [number]> {
  return coComposed(
    function* (state: CoComposedState<[number]>) {
      let i = 0;
      for (; i < 100; ++i) yield* state.wait(post(ioc));
      return [i];
    },
    token,
    ioc,
  );
}

export function nestedPost(ioc: IoContext): DeferredOperation<[]> {
  return coComposed(
    function* (state: CoComposedState<[]>) {
      yield* state.wait(post(ioc));
      return [] as [];
    },
    deferred,
    ioc,
  );
}

export function nestedPostLoop<T extends CompletionToken<[number]>>(ioc: IoContext, token: T): AsyncResult<T, [number]> {
  return coComposed(
    function* (state: CoComposedState<[number]>) {
      let i = 0;
      for (; i < 100; ++i) yield* state.wait(nestedPost(ioc));
      return [i];
    },
    token,
    ioc,
  );
}

export function postLoopReturning<S extends unknown[], T extends CompletionToken<S>>(ioc: IoContext, result: S, token: T): AsyncResult<T, S> {
  return coComposed(
    function* (state: CoComposedState<S>) {
      for (let i = 0; i < 100; ++i) yield* state.wait(post(ioc));
      return result;
    },
    token,
    ioc,
  );
}

export type EcInt = [err: SystemError | null, n: number];

/** What the body does when it finds cancellation requested after a step. */
export type OnCancel = 'completeWith' | 'default' | 'throw';

export function loopWithCancellation<T extends CompletionToken<EcInt>>(ioc: IoContext, onCancel: OnCancel, token: T): AsyncResult<T, EcInt> {
  return coComposed(
    function* (state: CoComposedState<EcInt>) {
      try {
        let i = 0;
        for (; i < 100; ++i) {
          yield* state.wait(post(ioc));
          if (state.cancelled() !== CancellationType.None) {
            if (onCancel === 'completeWith') return [makeError(errors.invalidArgument), 42];
            if (onCancel === 'default') return [makeError(errors.operationAborted), 0];
            throw makeError(errors.operationAborted);
          }
        }
        return [makeError(errors.eof), i];
      } catch {
        return [makeError(errors.invalidArgument), 42];
      }
    },
    token,
    ioc,
  );
}
