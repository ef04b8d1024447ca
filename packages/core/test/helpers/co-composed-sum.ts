// One composed operation (the sum of two inner operations' values) written two ways with
// coComposed: as a plain generator and as an async generator.
import {
  coComposed,
  deferred,
  errors,
  IoContext,
  type AsyncResult,
  type CoComposedState,
  type CompletionToken,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { asyncFail, asyncValue } from './coro-ops';

export type SumSignature = [err: SystemError | null, sum: number];

/** Adds the values of two inner operations; written as a plain generator. */
export function asyncSumGen(ioc: IoContext, a: number, b: number): DeferredOperation<SumSignature>;

export function asyncSumGen<T extends CompletionToken<SumSignature>>(ioc: IoContext, a: number, b: number, token: T): AsyncResult<T, SumSignature>;

export function asyncSumGen(ioc: IoContext, a: number, b: number, token?: unknown): unknown {
  return coComposed(
    function* (state: CoComposedState<SumSignature>) {
      const [e1, x] = yield* state.wait(a < 0 ? asyncFail(ioc, errors.invalidArgument, 0) : asyncValue(ioc, a));
      if (e1 !== null) return [e1, 0] as SumSignature;
      const [e2, y] = yield* state.wait(b < 0 ? asyncFail(ioc, errors.invalidArgument, x) : asyncValue(ioc, b));
      if (e2 !== null) return [e2, x] as SumSignature;
      if (a + b === 13) throw new RangeError('unlucky');
      return [null, x + y] as SumSignature;
    },
    token ?? deferred,
    ioc,
  );
}

/** The same operation written as an async generator (which may also await plain promises). */
export function asyncSumAsync(ioc: IoContext, a: number, b: number): DeferredOperation<SumSignature>;

export function asyncSumAsync<T extends CompletionToken<SumSignature>>(ioc: IoContext, a: number, b: number, token: T): AsyncResult<T, SumSignature>;

export function asyncSumAsync(ioc: IoContext, a: number, b: number, token?: unknown): unknown {
  return coComposed(
    async function* (state: CoComposedState<SumSignature>) {
      const [e1, x] = yield* state.wait(a < 0 ? asyncFail(ioc, errors.invalidArgument, 0) : asyncValue(ioc, a));
      if (e1 !== null) return [e1, 0] as SumSignature;
      await Promise.resolve();
      const [e2, y] = yield* state.wait(b < 0 ? asyncFail(ioc, errors.invalidArgument, x) : asyncValue(ioc, b));
      if (e2 !== null) return [e2, x] as SumSignature;
      if (a + b === 13) throw new RangeError('unlucky');
      return [null, x + y] as SumSignature;
    },
    token ?? deferred,
    ioc,
  );
}
