// SteadyTimer, ported from Asio's timer tests (deadline_timer.cpp's async scenarios; steady_timer.cpp
// and basic_waitable_timer.cpp only check that the headers compile) and from what
// basic_waitable_timer.hpp documents. Tests run on a FakeTimerHost, a clock the test moves by hand
// (the timer queue's seam). This file: completion tokens.

import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  deferred,
  errorIs,
  errors,
  IoContext,
  spawn,
  SteadyTimer,
  SystemError,
  systemExecutor,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { turn } from './helpers/steady-timer';

describe('SteadyTimer on a fake clock', () => {
  const fake = useFakeTimerHost();

  describe('tokens', () => {
    test('useFuture resolves on expiry and rejects with operationAborted when cancelled', async () => {
      const t = new SteadyTimer(systemExecutor, 100);
      const p = t.asyncWait(useFuture);
      fake.host.advance(100);
      await expect(p).resolves.toBeUndefined();
      t.expiresAfter(100);
      const q = t.asyncWait(useFuture);
      t.cancel();
      await expect(q).rejects.toMatchObject({ code: 'ECANCELED' });
    });

    test('deferred (the default): nothing starts until it is launched; awaiting it waits', async () => {
      const t = new SteadyTimer(systemExecutor, 100);
      const op = t.asyncWait();
      const explicit = t.asyncWait(deferred);
      expect(fake.queue.timers).toBe(0);
      const p = (async () => {
        await op;
      })();
      await Promise.resolve();
      expect(fake.queue.timers).toBe(1);
      const explicitResults: unknown[] = [];
      explicit((err) => explicitResults.push(err));
      fake.host.advance(100);
      await p;
      await turn();
      expect(explicitResults).toEqual([null]);
      // Launched after the expiry passed: completes (through a post) with null.
      let late: SystemError | null | undefined;
      t.asyncWait()((err) => (late = err));
      expect(late).toBeUndefined();
      await turn();
      expect(late).toBeNull();
    });

    test('coSpawn + useAwaitable: a coroutine sleeps on a timer; cancelling the coroutine cancels the wait', async () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const steps: string[] = [];
      coSpawn(
        ioc,
        async () => {
          await t.asyncWait(useAwaitable);
          steps.push(`woke at ${SteadyTimer.now()}`);
        },
        (err) => steps.push(`done ${String(err)}`),
      );
      const running = ioc.run();
      await turn();
      const at = fake.host.time + 100;
      fake.host.advance(100);
      await running;
      expect(steps).toEqual([`woke at ${at}`, 'done null']);

      const sig = new CancellationSignal();
      t.expiresAfter(10_000);
      let result: unknown;
      coSpawn(
        ioc,
        async () => {
          await t.asyncWait(useAwaitable);
        },
        bindCancellationSlot(sig.slot(), (err: Error | null) => (result = err)),
      );
      ioc.restart();
      const again = ioc.run();
      await turn();
      sig.emit(CancellationType.Terminal);
      await again;
      expect(errorIs(result, errors.operationAborted)).toBe(true);
      expect(fake.host.active).toBe(0);
    });

    test('spawn: a generator coroutine yields on a timer', async () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 50);
      const seen: string[] = [];
      spawn(
        ioc,
        function* (y) {
          yield* t.asyncWait(y);
          seen.push('first');
          t.expiresAfter(50);
          yield* t.asyncWait(y);
          seen.push('second');
          return 7;
        },
        (err, v) => seen.push(`done ${String(err)} ${v}`),
      );
      const running = ioc.run();
      for (let i = 0; i < 3; i++) {
        await turn();
        fake.host.advance(50);
      }
      await running;
      expect(seen).toEqual(['first', 'second', 'done null 7']);
    });
  });
});
