// coSpawn: awaited operations inherit the coroutine's executor and cancellation state.
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  errorIs,
  errors,
  IoContext,
  systemExecutor,
  thisCoro,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { asyncForever, asyncProbe, probes, started, until } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('coSpawn: awaited operations inherit the executor and cancellation', () => {
  test("an awaited operation's handler runs on the coroutine's IoContext, which keeps running until the coroutine ends", async () => {
    const ioc = new IoContext();
    let done = false;
    coSpawn(
      ioc,
      async () => {
        // The operation's own I/O executor is the system executor; its handler belongs to the coroutine.
        const a = await asyncProbe(systemExecutor, useAwaitable);
        const b = await asyncProbe(systemExecutor, useAwaitable);
        return [a, b];
      },
      (err, indexes) => {
        expect(err).toBeNull();
        for (const i of indexes) {
          expect(probes[i]!.executor).toBe(ioc.getExecutor());
          expect(probes[i]!.deliveredInsideExecutor).toBe(true);
        }
        done = true;
      },
    );
    await ioc.run();
    expect(done).toBe(true);
  });

  test('the awaited operation gets a connected slot only when the coroutine can be cancelled', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const withSlot = coSpawn(ioc, async () => asyncProbe(ioc, useAwaitable), bindCancellationSlot(sig.slot(), useFuture));
    const without = coSpawn(ioc, async () => asyncProbe(ioc, useAwaitable), useFuture);
    await ioc.run();
    expect(probes[await withSlot]!.slot?.isConnected()).toBe(true);
    expect(probes[await without]!.slot).toBeUndefined();
  });

  test('emitting on the slot bound to the token aborts the awaited operation with operationAborted', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    let caught: unknown;
    const p = coSpawn(
      ioc,
      async () => {
        try {
          await asyncForever(ioc, useAwaitable);
        } catch (e) {
          caught = e;
        }
        return 'finished';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => started.count === 1, ioc);
    expect(caught).toBeUndefined();
    sig.emit(CancellationType.Terminal);
    ioc.restart();
    await ioc.run();
    expect(errorIs(caught, errors.operationAborted)).toBe(true);
    await expect(p).resolves.toBe('finished');
  });

  test('Promise.all / allSettled of two awaited operations: one cancellation aborts both', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(
      ioc,
      async () => {
        const settled = await Promise.allSettled([asyncForever(ioc, useAwaitable), asyncForever(ioc, useAwaitable)]);
        let allError: unknown;
        // Cancellation was requested: throwIfCancelled makes these reject before they start.
        thisCoro.throwIfCancelled(false);
        thisCoro.resetCancellationState();
        const all = Promise.all([asyncForever(ioc, useAwaitable), asyncForever(ioc, useAwaitable)]);
        try {
          await all;
        } catch (e) {
          allError = e;
        }
        return { settled, allError };
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => started.count === 2, ioc);
    sig.emit();
    await until(() => started.count === 4, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    const { settled, allError } = await p;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    for (const s of settled) expect(errorIs((s as PromiseRejectedResult).reason, errors.operationAborted)).toBe(true);
    expect(errorIs(allError, errors.operationAborted)).toBe(true);
    // Both waits of the Promise.all ended: the context had no work left, so run() returned.
    expect(ioc.stopped()).toBe(true);
  });
});
