// Type-level checks of the coroutine tokens: what an initiating function returns for
// useAwaitable and a yield context, what coSpawn / spawn / coComposed / parallel groups return per
// token, and the types their handlers are called with. (asyncWrite-based checks are in io's
// test/coroutine-types.test.ts.) The runtime part only keeps jest content; tsc does the checking.

import { expectTypeOf } from 'expect-type';
import {
  append,
  asTuple,
  Awaitable,
  coComposed,
  coSpawn,
  deferred,
  IoContext,
  makeParallelGroup,
  redirectError,
  spawn,
  thisCoro,
  useAwaitable,
  useFuture,
  waitForAll,
  waitForOne,
  type CoComposedState,
  type CoroutineContext,
  type DeferredOperation,
  type ErrorRef,
  type Executor,
  type SystemError,
  type YieldContext,
} from '@asio-ts/core';
import { asyncFail, asyncValue, type CountSignature, type ValueSignature } from './helpers/coro-ops';

const ioc = new IoContext();
const ref: ErrorRef = { error: null };

test('useAwaitable', async () => {
  const a = asyncValue(ioc, 5, useAwaitable);
  expectTypeOf(a).toEqualTypeOf<Awaitable<number>>();
  expectTypeOf(a).toMatchTypeOf<PromiseLike<number>>();
  async function inside(): Promise<void> {
    expectTypeOf(await asyncValue(ioc, 'x', useAwaitable)).toEqualTypeOf<string>();
    expectTypeOf(await asyncValue(ioc, 5, asTuple(useAwaitable))).toEqualTypeOf<[err: SystemError | null, value: number]>();
    expectTypeOf(await asyncValue(ioc, 5, redirectError(useAwaitable, ref))).toEqualTypeOf<number>();
    expectTypeOf(await asyncValue(ioc, 5, append(useAwaitable, 'a' as const))).toEqualTypeOf<[number, 'a']>();
  }
  void inside;
});

test('spawn: yield* through the yield context', () => {
  spawn(ioc, function* (y) {
    expectTypeOf(y).toEqualTypeOf<YieldContext>();
    const n = yield* asyncValue(ioc, 5, y);
    expectTypeOf(n).toEqualTypeOf<number>();
    expectTypeOf(yield* asyncFail(ioc, { code: 'E', value: 1, category: { name: 'x' }, message: '' }, 0, y.withError(ref))).toEqualTypeOf<number>();
    expectTypeOf(yield* asyncValue(ioc, 5, append(y, true as const))).toEqualTypeOf<[number, true]>();
    return 'r';
  });
});

test('coSpawn result per token, and the handler argument types', () => {
  expectTypeOf(coSpawn(ioc, async () => 42, useFuture)).toEqualTypeOf<Promise<number>>();
  expectTypeOf(coSpawn(ioc, async () => 'a', useAwaitable)).toEqualTypeOf<Awaitable<string>>();
  expectTypeOf(coSpawn(ioc, async () => 42)).toEqualTypeOf<DeferredOperation<[err: Error | null, value: number]>>();
  expectTypeOf(coSpawn(ioc, async () => 42, deferred)).toEqualTypeOf<DeferredOperation<[err: Error | null, value: number]>>();
  const r = coSpawn(ioc, async () => 42, (err, value) => {
    expectTypeOf(err).toEqualTypeOf<Error | null>();
    expectTypeOf(value).toEqualTypeOf<number>();
  });
  expectTypeOf(r).toEqualTypeOf<void>();
  // A non-async body and an awaitable are coroutines too.
  expectTypeOf(coSpawn(ioc, () => 1, useFuture)).toEqualTypeOf<Promise<number>>();
  expectTypeOf(coSpawn(ioc, asyncValue(ioc, 'v', useAwaitable), useFuture)).toEqualTypeOf<Promise<string>>();
  coSpawn(ioc, async (ctx) => {
    expectTypeOf(ctx).toEqualTypeOf<CoroutineContext>();
    expectTypeOf(thisCoro.executor).toEqualTypeOf<Executor>();
    expectTypeOf(await asyncValue(ioc, 1, ctx.useAwaitable)).toEqualTypeOf<number>();
  });
});

test('spawn result per token', () => {
  expectTypeOf(
    spawn(
      ioc,
      function* () {
        return 1;
      },
      useFuture,
    ),
  ).toEqualTypeOf<Promise<number>>();
  expectTypeOf(
    spawn(ioc, function* () {
      return 'a';
    }),
  ).toEqualTypeOf<DeferredOperation<[err: Error | null, value: string]>>();
  const r = spawn(
    ioc,
    function* () {
      return 1;
    },
    (err, v) => {
      expectTypeOf(err).toEqualTypeOf<Error | null>();
      expectTypeOf(v).toEqualTypeOf<number>();
    },
  );
  expectTypeOf(r).toEqualTypeOf<void>();
});

test('coComposed result per token', () => {
  type S = [err: SystemError | null, n: number];
  function* body(state: CoComposedState<S>) {
    const [err, n] = yield* state.wait(asyncValue(ioc, 1));
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
    return [err, n] as S;
  }
  expectTypeOf(coComposed(body, useFuture)).toEqualTypeOf<Promise<number>>();
  expectTypeOf(coComposed(body)).toEqualTypeOf<DeferredOperation<S>>();
  expectTypeOf(coComposed(body, useAwaitable)).toEqualTypeOf<Awaitable<number>>();
  coComposed(body, (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  async function* asyncBody(state: CoComposedState<S>) {
    const r = yield* state.wait(asyncValue(ioc, 1));
    expectTypeOf(r).toEqualTypeOf<ValueSignature<number>>();
    return r as S;
  }
  expectTypeOf(coComposed(asyncBody, useFuture)).toEqualTypeOf<Promise<number>>();
});

test('parallel group signatures', () => {
  // A group's operations launch once: one group per asyncWait.
  const makeGroup = () => makeParallelGroup(asyncValue(ioc, 'a'), asyncFail(ioc, { code: 'E', value: 1, category: { name: 'x' }, message: '' }));
  expectTypeOf(makeGroup().asyncWait(waitForAll(), useFuture)).toEqualTypeOf<
    Promise<[order: number[], err: SystemError | null, value: string, err: SystemError | null, n: number]>
  >();
  makeGroup().asyncWait(waitForOne(), (order, e0, v, e1, n) => {
    expectTypeOf(order).toEqualTypeOf<number[]>();
    expectTypeOf(e0).toEqualTypeOf<SystemError | null>();
    expectTypeOf(v).toEqualTypeOf<string>();
    expectTypeOf(e1).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  const makeRanged = () => makeParallelGroup([asyncFail(ioc, { code: 'E', value: 1, category: { name: 'x' }, message: '' }), asyncValue(ioc, 2)]);
  makeRanged().asyncWait(waitForAll(), (order, results) => {
    expectTypeOf(order).toEqualTypeOf<number[]>();
    expectTypeOf(results).toEqualTypeOf<CountSignature[]>();
  });
  expectTypeOf(makeRanged().asyncWait(waitForAll())).toEqualTypeOf<DeferredOperation<[order: number[], results: CountSignature[]]>>();
});
