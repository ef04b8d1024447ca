// Type-level checks of asyncWrite with the coroutine tokens (useAwaitable, the spawn yield
// context, coSpawn, parallel groups, coComposed). Runs too, so the calls are real: the
// coroutines write to a TestStream and the test checks the byte counts it typed.

import { expectTypeOf } from 'expect-type';
import {
  asTuple,
  Awaitable,
  coComposed,
  coSpawn,
  IoContext,
  makeParallelGroup,
  redirectError,
  spawn,
  useAwaitable,
  useFuture,
  waitForAll,
  type CoComposedState,
  type DeferredOperation,
  type ErrorRef,
  type SystemError,
} from '@asio-ts/core';
import { asyncWrite, TestStream, type WriteSignature } from '@asio-ts/io';

const data = new Uint8Array([1, 2, 3, 4]);

test('await asyncWrite(s, b, useAwaitable) is a number', async () => {
  const ioc = new IoContext();
  const s = new TestStream(ioc, { maxWriteSize: 3 });
  const ref: ErrorRef = { error: null };
  expectTypeOf(asyncWrite(s, data, useAwaitable)).toEqualTypeOf<Awaitable<number>>();
  const p = coSpawn(
    ioc,
    async () => {
      const n = await asyncWrite(s, data, useAwaitable);
      expectTypeOf(n).toEqualTypeOf<number>();
      const t = await asyncWrite(s, data, asTuple(useAwaitable));
      expectTypeOf(t).toEqualTypeOf<[err: SystemError | null, bytesTransferred: number]>();
      const m = await asyncWrite(s, data, redirectError(useAwaitable, ref));
      expectTypeOf(m).toEqualTypeOf<number>();
      return n + t[1] + m;
    },
    useFuture,
  );
  expectTypeOf(p).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await p).toBe(12);
});

test('yield* asyncWrite(s, b, y) is a number', async () => {
  const ioc = new IoContext();
  const s = new TestStream(ioc);
  const ref: ErrorRef = { error: null };
  const p = spawn(
    ioc,
    function* (y) {
      const n = yield* asyncWrite(s, data, y);
      expectTypeOf(n).toEqualTypeOf<number>();
      const m = yield* asyncWrite(s, data, y.withError(ref));
      expectTypeOf(m).toEqualTypeOf<number>();
      return n + m;
    },
    useFuture,
  );
  expectTypeOf(p).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await p).toBe(8);
});

test('coSpawn: Promise<R> under useFuture, void under a callback', async () => {
  const ioc = new IoContext();
  const s = new TestStream(ioc);
  const viaFuture = coSpawn(ioc, async () => String(await asyncWrite(s, data, useAwaitable)), useFuture);
  expectTypeOf(viaFuture).toEqualTypeOf<Promise<string>>();
  let got: string | undefined;
  const viaCallback = coSpawn(
    ioc,
    async () => String(await asyncWrite(s, data, useAwaitable)),
    (err, value) => {
      expectTypeOf(err).toEqualTypeOf<Error | null>();
      expectTypeOf(value).toEqualTypeOf<string>();
      got = value;
    },
  );
  expectTypeOf(viaCallback).toEqualTypeOf<void>();
  await ioc.run();
  expect(await viaFuture).toBe('4');
  expect(got).toBe('4');
});

test('parallel group of writes: (order, err, n, err, n) and the ranged (order, results[])', async () => {
  const ioc = new IoContext();
  const a = new TestStream(ioc);
  const b = new TestStream(ioc);
  const p = makeParallelGroup(asyncWrite(a, data), asyncWrite(b, data.subarray(1))).asyncWait(waitForAll(), useFuture);
  expectTypeOf(p).toEqualTypeOf<
    Promise<[order: number[], err: SystemError | null, bytesTransferred: number, err: SystemError | null, bytesTransferred: number]>
  >();
  const ranged = makeParallelGroup([asyncWrite(a, data), asyncWrite(b, data)]).asyncWait(waitForAll());
  expectTypeOf(ranged).toEqualTypeOf<DeferredOperation<[order: number[], results: WriteSignature[]]>>();
  const q = ranged(useFuture);
  await ioc.run();
  const [order, e0, n0, e1, n1] = await p;
  expect([[...order].sort(), e0, n0, e1, n1]).toEqual([[0, 1], null, 4, null, 3]);
  const [order2, results] = await q;
  expect([[...order2].sort(), results]).toEqual([
    [0, 1],
    [
      [null, 4],
      [null, 4],
    ],
  ]);
});

test('coComposed over asyncWrite: state.wait gives the typed write signature', async () => {
  const ioc = new IoContext();
  const s = new TestStream(ioc, { maxWriteSize: 2 });
  const p = coComposed(
    function* (state: CoComposedState<WriteSignature>) {
      const r = yield* state.wait(asyncWrite(s, data));
      expectTypeOf(r).toEqualTypeOf<WriteSignature>();
      const [err, n] = r;
      if (err !== null) return [err, n] as WriteSignature;
      const [err2, m] = yield* state.wait(asyncWrite(s, data));
      return [err2, n + m] as WriteSignature;
    },
    useFuture,
    ioc,
  );
  expectTypeOf(p).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await p).toBe(8);
});
