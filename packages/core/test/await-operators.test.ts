// awaitAll / awaitAny (Asio's awaitable operators && and ||). Ported from Asio's
// experimental/awaitable_operators.cpp (Awaitables of void, int and failing coroutines, a
// coroutine that loops forever and must be cancelled), then types and bad input. The other
// await-operators-*.test.ts files hold deferred operations and timers, failures, every token and
// cancellation of the whole.

import { expectTypeOf } from 'expect-type';
import {
  awaitAll,
  awaitAny,
  coSpawn,
  IoContext,
  post,
  SteadyTimer,
  useAwaitable,
  useFuture,
  type Awaitable,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { asyncValue } from './helpers/coro-ops';

const fail = (message: string): Error => new Error(message);

describe("Asio's experimental/awaitable_operators.cpp, with Awaitables inside a coroutine", () => {
  // Asio's void_ok, void_ex, void_post_loop, int_N, int_ex.
  const helpers = (ioc: IoContext) => ({
    voidOk: (): Awaitable<void> => post(ioc, useAwaitable),
    voidEx: (): Awaitable<unknown> => coSpawn(ioc, async () => Promise.reject(fail('exception')), useAwaitable),
    voidPostLoop: (): Awaitable<never> =>
      coSpawn(
        ioc,
        async () => {
          for (;;) await post(ioc, useAwaitable);
        },
        useAwaitable,
      ),
    int: (i: number): Awaitable<number> => asyncValue(ioc, i, useAwaitable),
    intEx: (): Awaitable<number> => coSpawn(ioc, async (): Promise<number> => Promise.reject(fail('exception')), useAwaitable),
  });

  async function inCoroutine(body: (ioc: IoContext) => Promise<void>): Promise<void> {
    const ioc = new IoContext();
    let failure: unknown = null;
    let finished = false;
    coSpawn(ioc, () => body(ioc), (err) => {
      failure = err;
      finished = true;
    });
    await ioc.run();
    expect(failure).toBeNull();
    expect(finished).toBe(true);
  }

  test('test_and_awaitable_operator', async () => {
    await inCoroutine(async (ioc) => {
      const { voidOk, voidEx, voidPostLoop, int, intEx } = helpers(ioc);
      expect(await awaitAll(voidOk(), voidOk())).toEqual([undefined, undefined]);
      expect(await awaitAll(voidOk(), voidOk(), voidOk())).toEqual([undefined, undefined, undefined]);
      await expect(awaitAll(voidEx(), voidOk())).rejects.toThrow('exception');
      await expect(awaitAll(voidEx(), voidOk(), voidOk())).rejects.toThrow('exception');
      // The loop never ends by itself: the failure must cancel it, and the result waits for it.
      await expect(awaitAll(voidEx(), voidPostLoop())).rejects.toThrow('exception');
      await expect(awaitAll(voidEx(), voidOk(), voidPostLoop())).rejects.toThrow('exception');
      expect(await awaitAll(voidOk(), int(0))).toEqual([undefined, 0]);
      expect(await awaitAll(int(0), voidOk())).toEqual([0, undefined]);
      expect(await awaitAll(int(0), int(1))).toEqual([0, 1]);
      expect(await awaitAll(voidOk(), int(0), int(1))).toEqual([undefined, 0, 1]);
      expect(await awaitAll(int(0), int(1), int(2))).toEqual([0, 1, 2]);
      await expect(awaitAll(intEx(), int(1))).rejects.toThrow('exception');
    });
  });

  test('test_or_awaitable_operator', async () => {
    await inCoroutine(async (ioc) => {
      const { voidOk, voidEx, voidPostLoop, int, intEx } = helpers(ioc);
      expect((await awaitAny(voidOk(), voidOk()))[0]).toBe(0);
      expect((await awaitAny(voidEx(), voidOk()))[0]).toBe(1);
      expect(await awaitAny(voidOk(), int(0))).toEqual([0, undefined]);
      expect(await awaitAny(voidEx(), int(0))).toEqual([1, 0]);
      expect(await awaitAny(int(0), voidEx())).toEqual([0, 0]);
      expect(await awaitAny(int(0), int(1))).toEqual([0, 0]);
      expect(await awaitAny(intEx(), int(1))).toEqual([1, 1]);
      expect((await awaitAny(voidOk(), voidOk(), voidOk()))[0]).toBe(0);
      expect((await awaitAny(voidEx(), voidOk(), voidOk()))[0]).toBe(1);
      expect((await awaitAny(voidEx(), voidEx(), voidOk()))[0]).toBe(2);
      expect(await awaitAny(voidEx(), int(0), voidOk())).toEqual([1, 0]);
      expect(await awaitAny(voidEx(), int(0), int(1))).toEqual([1, 0]);
      expect(await awaitAny(int(0), voidOk(), voidOk())).toEqual([0, 0]);
      expect((await awaitAny(intEx(), voidOk(), voidOk()))[0]).toBe(1);
      expect(await awaitAny(intEx(), int(1), voidOk())).toEqual([1, 1]);
      expect((await awaitAny(intEx(), intEx(), voidOk()))[0]).toBe(2);
      expect(await awaitAny(intEx(), intEx(), int(2))).toEqual([2, 2]);
      // The winner cancels a loser that would never end.
      expect(await awaitAny(int(7), voidPostLoop())).toEqual([0, 7]);
    });
  });
});

describe('types', () => {
  test('awaitAll resolves the tuple of values, awaitAny [index, value] per position', () => {
    // Type-checked, never run (expectTypeOf would launch the operations).
    const check = (ioc: IoContext): void => {
      const n = asyncValue(ioc, 1);
      const s = asyncValue(ioc, 'x');
      const t = new SteadyTimer(ioc).asyncWait();
      const a: Awaitable<boolean> = asyncValue(ioc, true, useAwaitable);
      expectTypeOf(awaitAll(n, s, t)(useFuture)).toEqualTypeOf<Promise<[number, string, void]>>();
      expectTypeOf(awaitAll(n, a)(useFuture)).toEqualTypeOf<Promise<[number, boolean]>>();
      expectTypeOf(awaitAny(n, t)(useFuture)).toEqualTypeOf<Promise<[0, number] | [1, void]>>();
      expectTypeOf(awaitAny(s, a)(useFuture)).toEqualTypeOf<Promise<[0, string] | [1, boolean]>>();
      const many: DeferredOperation<[err: SystemError | null, value: number]>[] = [n];
      expectTypeOf(awaitAll(...many)(useFuture)).toEqualTypeOf<Promise<number[]>>();
      expectTypeOf(awaitAny(...many)(useFuture)).toEqualTypeOf<Promise<[number, number]>>();
      expectTypeOf(awaitAll(n, s)((err, values) => void [err, values])).toEqualTypeOf<void>();
      awaitAll(n, s)((err, values) => {
        expectTypeOf(err).toEqualTypeOf<Error | null>();
        expectTypeOf(values).toEqualTypeOf<[number, string]>();
      });
      // @ts-expect-error a Promise is not launchable
      void (() => awaitAll(Promise.resolve(1)));
    };
    expect(typeof check).toBe('function');
  });
});

describe('bad input', () => {
  test('every operation must be a deferred operation or an Awaitable, named by its index', () => {
    expect(() => awaitAll(42 as never)).toThrow(/^ops\[0\] must be a deferred operation or an Awaitable, got 42/);
    expect(() => awaitAny(post(new IoContext()), null as never)).toThrow(/^ops\[1\]/);
    expect(() => awaitAny(Promise.resolve() as never)).toThrow(/^ops\[0\] must be a deferred operation or an Awaitable \(a Promise is already running/);
    expect(() => awaitAll(post(new IoContext()))(42 as never)).toThrow(/^token/);
  });
});
