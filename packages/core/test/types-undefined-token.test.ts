// An initiating function given `undefined` where its token goes uses the default token,
// `deferred`, at run time: its type says so too (it was `never`, `unknown` or `undefined`).
import {
  asTuple,
  asyncCompose,
  asyncImmediate,
  bindExecutor,
  coComposed,
  coSpawn,
  SteadyTimer,
  systemExecutor,
  type CoComposedState,
  type ComposedOperation,
  type CoSpawnSignature,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';

type S = [err: SystemError | null, n: number];

test('asyncCompose, coComposed, coSpawn and asyncImmediate with an undefined token give a deferred operation, typed so', async () => {
  const timer = new SteadyTimer(systemExecutor, 1);
  const composed = asyncCompose((self: ComposedOperation<S>) => self.complete(null, 1), undefined, timer);
  expectTypeOf(composed).toEqualTypeOf<DeferredOperation<S>>();
  const coComp = coComposed(
    function* (_state: CoComposedState<S>) {
      return [null, 2] as S;
    },
    undefined,
    timer,
  );
  expectTypeOf(coComp).toEqualTypeOf<DeferredOperation<S>>();
  const spawned = coSpawn(systemExecutor, async () => 3, undefined);
  expectTypeOf(spawned).toEqualTypeOf<DeferredOperation<CoSpawnSignature<number>>>();
  const immediate = asyncImmediate(systemExecutor, undefined);
  expectTypeOf(immediate).toEqualTypeOf<DeferredOperation<[]>>();
  expect([await composed, await coComp, await spawned, await immediate]).toEqual([1, 2, 3, undefined]);
});

test('an adapter or binder of an undefined token wraps the default token', async () => {
  const timer = new SteadyTimer(systemExecutor, 1);
  const tuple = timer.asyncWait(asTuple(undefined));
  expectTypeOf(tuple).toEqualTypeOf<DeferredOperation<[[err: SystemError | null]]>>();
  expect(await tuple).toEqual([null]);
  const bound = timer.asyncWait(bindExecutor(systemExecutor, undefined));
  expectTypeOf(bound).toEqualTypeOf<DeferredOperation<[err: SystemError | null]>>();
  expect(await bound).toBeUndefined();
});
