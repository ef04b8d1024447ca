// awaitAll / awaitAny (Asio's awaitable operators && and ||). This file: every completion token, work, and
// cancellation of the whole (through the token's slot and inside coSpawn).

import {
  asTuple,
  awaitAll,
  awaitAny,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  detached,
  errorIs,
  errors,
  IoContext,
  spawn,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { asyncForever, asyncValue, ManualClock, until } from './helpers/coro-ops';

describe('every token', () => {
  test('callback, useFuture, asTuple, deferred (awaited), useAwaitable, a yield context, detached', async () => {
    const ioc = new IoContext();
    const ops = () => [asyncValue(ioc, 1), asyncValue(ioc, 'two')] as const;
    const results: unknown[] = [];
    awaitAll(...ops())((err, values) => results.push(['callback', err, values]));
    const future = awaitAll(...ops())(useFuture);
    const tuple = awaitAny(...ops())(asTuple(useFuture));
    const awaited = (async () => awaitAll(...ops()))();
    const viaCoroutine = coSpawn(ioc, async () => awaitAny(...ops())(useAwaitable), useFuture);
    const viaGenerator = spawn(
      ioc,
      function* (y) {
        return yield* awaitAll(...ops())(y);
      },
      useFuture,
    );
    awaitAll(...ops())(detached);
    await ioc.run();
    expect(results).toEqual([['callback', null, [1, 'two']]]);
    expect(await future).toEqual([1, 'two']);
    expect(await tuple).toEqual([null, [0, 1]]);
    expect(await awaited).toEqual([1, 'two']);
    expect(await viaCoroutine).toEqual([0, 1]);
    expect(await viaGenerator).toEqual([1, 'two']);
  });

  test('the operation holds work while its operations run', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    let done = false;
    awaitAll(clock.wait(1))(() => (done = true));
    let ran = false;
    const running = ioc.run().then(() => (ran = true));
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
    clock.advance(1);
    await running;
    expect(done).toBe(true);
  });
});

describe('cancellation of the whole', () => {
  test('through the token’s slot: every operation is cancelled', async () => {
    const ioc = new IoContext();
    const signals = [new CancellationSignal(), new CancellationSignal()];
    const all = awaitAll(asyncForever(ioc), asyncForever(ioc))(bindCancellationSlot(signals[0]!.slot(), asTuple(useFuture)));
    const any = awaitAny(asyncForever(ioc), asyncForever(ioc))(bindCancellationSlot(signals[1]!.slot(), asTuple(useFuture)));
    const running = ioc.run();
    await new Promise((r) => setImmediate(r));
    for (const signal of signals) signal.emit(CancellationType.Terminal);
    await running;
    const [allErr] = await all;
    // awaitAll: the first operationAborted; the others are its consequence.
    expect(errorIs(allErr, errors.operationAborted)).toBe(true);
    const [anyErr] = await any;
    expect(anyErr).toBeInstanceOf(AggregateError);
    expect((anyErr as AggregateError).errors.every((e: unknown) => errorIs(e, errors.operationAborted))).toBe(true);
  });

  test('inside coSpawn, `await awaitAll(...)`: cancelling the coroutine cancels every operation', async () => {
    const ioc = new IoContext();
    const signal = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const done = coSpawn(
      ioc,
      async () => {
        await awaitAll(clock.wait(100), asyncForever(ioc), coSpawn(ioc, async () => clock.wait(100, useAwaitable), useAwaitable));
        return 'not reached';
      },
      bindCancellationSlot(signal.slot(), asTuple(useFuture)),
    );
    const running = ioc.run();
    await until(() => clock.pending === 2, ioc);
    signal.emit(CancellationType.Terminal);
    await running;
    const [err] = await done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(clock.pending).toBe(0);
  });
});
