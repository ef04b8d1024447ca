// Nested coSpawns: an inner coroutine's own token and slot keep its own cancellation state; an
// awaited inner coSpawn gets the outer cancellation.
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  IoContext,
  thisCoro,
  useAwaitable,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { asyncForever, ManualClock, started, turns, until } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('nested coSpawns', () => {
  test('an inner coSpawn with its own token keeps its own state: cancelling the outer does not cancel it', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const outerSig = new CancellationSignal();
    const log: unknown[] = [];
    let inner: Promise<string> | undefined;
    const p = coSpawn(
      ioc,
      async (outerCtx) => {
        inner = coSpawn(
          ioc,
          async (innerCtx) => {
            log.push(thisCoro.current() === innerCtx, innerCtx !== outerCtx);
            await clock.wait(5, useAwaitable);
            log.push(`inner cancelled: ${thisCoro.cancelled()}`);
            return 'inner done';
          },
          useFuture,
        );
        await asyncForever(ioc, useAwaitable).then(null, (e: unknown) => log.push(`outer ${(e as { code: string }).code}`));
        log.push(thisCoro.current() === outerCtx, `outer cancelled: ${thisCoro.cancelled()}`);
        // A plain promise is not an operation: awaiting it is not refused after cancellation.
        return await inner;
      },
      bindCancellationSlot(outerSig.slot(), useFuture),
    );
    // Started: the inner timer and the outer wait.
    await until(() => started.count === 2 && clock.pending === 1, ioc);
    outerSig.emit();
    await turns(2);
    expect(clock.pending).toBe(1);
    clock.advance(5);
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('inner done');
    // The two coroutines resume in the same run: each one's own entries keep their order.
    expect(log.slice(0, 2)).toEqual([true, true]);
    expect(log.slice(2).filter((x) => x !== 'inner cancelled: 0')).toEqual(['outer ECANCELED', true, 'outer cancelled: 1']);
    expect(log.filter((x) => x === 'inner cancelled: 0')).toHaveLength(1);
  });

  test('an inner coSpawn with its own bound slot is cancelled through that slot alone', async () => {
    const ioc = new IoContext();
    const outerSig = new CancellationSignal();
    const innerSig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const p = coSpawn(
      ioc,
      async () => {
        const inner = coSpawn(ioc, async () => asyncForever(ioc, useAwaitable), bindCancellationSlot(innerSig.slot(), asTuple(useFuture)));
        await clock.wait(1, useAwaitable);
        const [err] = await inner;
        return [(err as SystemError | null)?.code, thisCoro.cancelled()];
      },
      bindCancellationSlot(outerSig.slot(), useFuture),
    );
    await until(() => started.count === 2, ioc);
    innerSig.emit();
    await turns(2);
    clock.advance(1);
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toEqual(['ECANCELED', CancellationType.None]);
  });

  test('await coSpawn(..., useAwaitable) passes the outer cancellation down (as co_await co_spawn(..., use_awaitable))', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(
      ioc,
      async () => {
        try {
          await coSpawn(ioc, async () => asyncForever(ioc, useAwaitable), useAwaitable);
          return 'not cancelled';
        } catch (e) {
          return (e as { code: string }).code;
        }
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => started.count === 1, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('ECANCELED');
  });
});
