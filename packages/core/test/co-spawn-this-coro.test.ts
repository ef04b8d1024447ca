// thisCoro: this_coro::executor / cancellation_state / throw_if_cancelled /
// reset_cancellation_state inside a coSpawn coroutine.
import {
  asTuple,
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationState,
  CancellationType,
  coSpawn,
  CoroutineContext,
  enablePartialCancellation,
  IoContext,
  systemExecutor,
  thisCoro,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { asyncForever, asyncValue, ManualClock, started, turns, until } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('thisCoro', () => {
  test('executor, the context argument, and use outside a coroutine', async () => {
    const ioc = new IoContext();
    let seen: unknown[] = [];
    coSpawn(
      ioc,
      async (ctx) => {
        expect(ctx).toBeInstanceOf(CoroutineContext);
        const before = [thisCoro.current() === ctx, thisCoro.executor === ioc.getExecutor(), ctx.executor === ioc.getExecutor()];
        await asyncValue(systemExecutor, 0, useAwaitable);
        // Still known after an await (AsyncLocalStorage carries it).
        seen = [...before, thisCoro.current() === ctx, thisCoro.executor === ioc.getExecutor()];
      },
      () => {},
    );
    await ioc.run();
    expect(seen).toEqual([true, true, true, true, true]);
    expect(() => thisCoro.executor).toThrow(TypeError);
    expect(() => thisCoro.current()).toThrow(/only available inside a coroutine started with coSpawn/);
  });

  test('cancellationState, cancelled(), throwIfCancelled and resetCancellationState', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const log: unknown[] = [];
    let waiting = 0;
    const code = (e: unknown): string => (e as { code?: string }).code ?? String(e);
    const p = coSpawn(
      ioc,
      async (ctx) => {
        log.push(thisCoro.cancellationState instanceof CancellationState, thisCoro.cancellationState === ctx.cancellationState);
        log.push(thisCoro.cancelled(), thisCoro.throwIfCancelled());
        waiting = 1;
        await asyncForever(ioc, useAwaitable).then(null, (e: unknown) => log.push(code(e)));
        log.push(thisCoro.cancelled());
        // Cancellation was requested: the next await throws at once, and its operation never starts.
        const before = started.count;
        await asyncValue(ioc, 1, useAwaitable).then(null, (e: unknown) => log.push(`at once ${code(e)}`));
        log.push(started.count - before);
        // Unless the coroutine says otherwise.
        expect(thisCoro.throwIfCancelled(false)).toBe(false);
        log.push(await asyncValue(ioc, 2, useAwaitable));
        thisCoro.throwIfCancelled(true);
        // A fresh state: no cancellation recorded, and the next emit reaches the next await.
        const previous = thisCoro.cancellationState;
        thisCoro.resetCancellationState();
        log.push(thisCoro.cancelled(), thisCoro.cancellationState !== previous);
        log.push(await asyncValue(ioc, 3, useAwaitable));
        waiting = 2;
        await asyncForever(ioc, useAwaitable).then(null, (e: unknown) => log.push(code(e)));
        return 'end';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => waiting === 1 && started.count === 1, ioc);
    sig.emit(CancellationType.All);
    await until(() => waiting === 2 && started.count === 4, ioc);
    sig.emit(CancellationType.Terminal);
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('end');
    expect(log).toEqual([
      true,
      true,
      CancellationType.None,
      true,
      'ECANCELED',
      // All, through the default filter: terminal only.
      CancellationType.Terminal,
      'at once ECANCELED',
      0,
      2,
      CancellationType.None,
      true,
      3,
      'ECANCELED',
    ]);
  });

  test('the default filter lets only terminal cancellation through; resetCancellationState changes it', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const log: unknown[] = [];
    let step = 0;
    const p = coSpawn(
      ioc,
      async () => {
        step = 1;
        log.push(await clock.wait(10, asTuple(useAwaitable)));
        log.push(thisCoro.cancelled());
        thisCoro.resetCancellationState(enablePartialCancellation);
        step = 2;
        const [err] = await clock.wait(10, asTuple(useAwaitable));
        log.push(err?.code, thisCoro.cancelled());
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => step === 1 && clock.pending === 1, ioc);
    sig.emit(CancellationType.Partial);
    await turns(1);
    // Filtered out: the timer is still pending.
    expect(clock.pending).toBe(1);
    clock.advance(10);
    await until(() => step === 2 && clock.pending === 1, ioc);
    sig.emit(CancellationType.Partial);
    ioc.restart();
    await ioc.run();
    await p;
    expect(log).toEqual([[null], CancellationType.None, 'ECANCELED', CancellationType.Partial]);
  });

  test("an operation bound to the coroutine's own slot (Asio's way) leaves the later awaits cancellable", async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    let step = 0;
    const p = coSpawn(
      ioc,
      async () => {
        const first = await clock.wait(1, bindCancellationSlot(thisCoro.cancellationState.slot(), asTuple(useFuture)));
        step = 1;
        const [err] = await clock.wait(10, asTuple(useAwaitable));
        return [first, err?.code];
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => clock.pending === 1, ioc);
    clock.advance(1);
    await until(() => step === 1 && clock.pending === 1, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    expect(await p).toEqual([[null], 'ECANCELED']);
  });

  test('after a bound AbortSignal aborted, resetCancellationState gives a state the abort does not reach again', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const ac = new AbortController();
    const p = coSpawn(
      ioc,
      async () => {
        const [err] = await clock.wait(10, asTuple(useAwaitable));
        thisCoro.resetCancellationState();
        const after = thisCoro.cancelled();
        const cleanup = await asyncValue(ioc, 'cleanup', useAwaitable);
        return [err?.code, after, cleanup, thisCoro.cancelled()];
      },
      bindAbortSignal(ac.signal, useFuture),
    );
    await until(() => clock.pending === 1, ioc);
    ac.abort();
    ioc.restart();
    await ioc.run();
    expect(await p).toEqual(['ECANCELED', CancellationType.None, 'cleanup', CancellationType.None]);
  });
});
