// SteadyTimer, ported from Asio's timer tests (deadline_timer.cpp's async scenarios; steady_timer.cpp
// and basic_waitable_timer.cpp only check that the headers compile) and from what
// basic_waitable_timer.hpp documents. Tests run on a FakeTimerHost, a clock the test moves by hand
// (the timer queue's seam). This file: construction, expiry and Asio's
// deadline_timer_test; the other steady-timer-*.test.ts files hold the rest.

import { IoContext, makeStrand, SteadyTimer, SystemError } from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { drain, outcome, turn, TimerLazyHandler, type Outcome } from './helpers/steady-timer';

describe('SteadyTimer on a fake clock', () => {
  const fake = useFakeTimerHost();

  describe('construction and expiry', () => {
    test('a timer constructed without an expiry has expiry 0 (the epoch): already expired', async () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc);
      expect(t.expiry()).toBe(0);
      const got: Outcome[] = [];
      t.asyncWait((err) => got.push(outcome(err)));
      expect(got).toEqual([]);
      drain(ioc);
      expect(got).toEqual(['ok']);
      expect(fake.host.setCalls).toBe(0);
    });

    test('a number is a duration from now; { at } is an absolute time on SteadyTimer.now()', () => {
      const ioc = new IoContext();
      expect(SteadyTimer.now()).toBe(fake.host.time);
      expect(new SteadyTimer(ioc, 250).expiry()).toBe(fake.host.time + 250);
      expect(new SteadyTimer(ioc, { at: 1234.5 }).expiry()).toBe(1234.5);
      expect(new SteadyTimer(ioc, -10).expiry()).toBe(fake.host.time - 10);
      expect(new SteadyTimer(ioc, Infinity).expiry()).toBe(Infinity);
    });

    test('expiresAt and expiresAfter set the expiry and return 0 with nothing pending', () => {
      const t = new SteadyTimer(new IoContext());
      expect(t.expiresAt(5000)).toBe(0);
      expect(t.expiry()).toBe(5000);
      fake.host.time = 2000;
      expect(t.expiresAfter(30)).toBe(0);
      expect(t.expiry()).toBe(2030);
      expect(t.expiresAt(Infinity)).toBe(0);
      expect(t.expiry()).toBe(Infinity);
    });

    test('getExecutor is the executor given, or the context’s executor', () => {
      const ioc = new IoContext();
      expect(new SteadyTimer(ioc).getExecutor()).toBe(ioc.getExecutor());
      const strand = makeStrand(ioc.getExecutor());
      expect(new SteadyTimer(strand).getExecutor()).toBe(strand);
      // A timer is itself an execution context for another I/O object, as Asio's I/O objects are.
      expect(new SteadyTimer(new SteadyTimer(ioc)).getExecutor()).toBe(ioc.getExecutor());
    });

    test('programmer errors throw at once, naming the argument', () => {
      const ioc = new IoContext();
      expect(() => new SteadyTimer(undefined as never)).toThrow(TypeError);
      expect(() => new SteadyTimer({} as never)).toThrow(/executorOrContext/);
      expect(() => new SteadyTimer(ioc, '10' as never)).toThrow(/expiry must be a number/);
      expect(() => new SteadyTimer(ioc, NaN)).toThrow(RangeError);
      expect(() => new SteadyTimer(ioc, { at: 'x' } as never)).toThrow(/expiry\.at/);
      const t = new SteadyTimer(ioc);
      expect(() => t.expiresAfter(NaN)).toThrow(/ms must not be NaN/);
      expect(() => t.expiresAt(undefined as never)).toThrow(/t must be a number/);
      expect(() => t.asyncWait(42 as never)).toThrow(TypeError);
    });
  });

  describe("Asio's deadline_timer_test, on the fake clock", () => {
    test('t3: no completion before run(); run() lasts until after the expiry', async () => {
      const ioc = new IoContext();
      let count = 0;
      const start = SteadyTimer.now();
      const t3 = new SteadyTimer(ioc, 5000);
      t3.asyncWait(() => count++);
      expect(count).toBe(0);
      const running = ioc.run();
      fake.host.advance(4999);
      await turn();
      expect(count).toBe(0);
      expect(ioc.stopped()).toBe(false);
      fake.host.advance(1);
      expect(await running).toBe(1);
      expect(count).toBe(1);
      expect(SteadyTimer.now()).toBeGreaterThanOrEqual(start + 5000);
    });

    test('t4: a handler that re-arms its own timer; completions never nest', async () => {
      const ioc = new IoContext();
      let count = 3;
      const start = SteadyTimer.now();
      const t4 = new SteadyTimer(ioc, 1000);
      const decrementToZero = (): void => {
        if (count > 0) {
          count--;
          const before = count;
          t4.expiresAt(t4.expiry() + 1000);
          t4.asyncWait(decrementToZero);
          expect(count).toBe(before);
        }
      };
      t4.asyncWait(decrementToZero);
      expect(count).toBe(3);
      const running = ioc.run();
      for (let i = 0; i < 4; i++) {
        fake.host.advance(1000);
        await turn();
      }
      await running;
      expect(count).toBe(0);
      expect(SteadyTimer.now()).toBeGreaterThanOrEqual(start + 3000);
    });

    test('t5/t6: one timer cancels another (cancel() returns 1); waiting again runs to completion', async () => {
      const ioc = new IoContext();
      let count = 0;
      const start = SteadyTimer.now();
      const incrementIfNotCancelled = (err: SystemError | null): void => {
        if (err === null) count++;
      };
      const t5 = new SteadyTimer(ioc, 10_000);
      t5.asyncWait(incrementIfNotCancelled);
      const t6 = new SteadyTimer(ioc, 1000);
      let cancelled = -1;
      t6.asyncWait(() => {
        cancelled = t5.cancel();
      });
      expect(count).toBe(0);
      let running = ioc.run();
      fake.host.advance(1000);
      await running;
      expect(cancelled).toBe(1);
      expect(count).toBe(0);
      expect(SteadyTimer.now()).toBeLessThan(start + 2000);
      // Nothing is left to arm a host timer for.
      expect(fake.host.active).toBe(0);

      t5.asyncWait(incrementIfNotCancelled);
      ioc.restart();
      running = ioc.run();
      fake.host.advance(9000);
      await running;
      expect(count).toBe(1);
      expect(SteadyTimer.now()).toBeGreaterThanOrEqual(start + 10_000);
    });

    test('t7/t8: cancelOne cancels one of two waits (the oldest); the other still completes', async () => {
      const ioc = new IoContext();
      const seen: string[] = [];
      const start = SteadyTimer.now();
      const t7 = new SteadyTimer(ioc, 3000);
      t7.asyncWait((err) => seen.push(`first ${outcome(err)}`));
      t7.asyncWait((err) => seen.push(`second ${outcome(err)}`));
      const t8 = new SteadyTimer(ioc, 1000);
      let cancelled = -1;
      t8.asyncWait(() => {
        cancelled = t7.cancelOne();
      });
      const running = ioc.run();
      fake.host.advance(1000);
      await turn();
      expect(seen).toEqual(['first aborted']);
      fake.host.advance(2000);
      await running;
      expect(cancelled).toBe(1);
      expect(seen).toEqual(['first aborted', 'second ok']);
      expect(SteadyTimer.now()).toBeGreaterThanOrEqual(start + 3000);
    });

    test('cancel_test: 50 timers that never expire; each waited-on one cancels exactly 1', () => {
      const ioc = new IoContext();
      const timers = Array.from({ length: 50 }, () => {
        const t = new SteadyTimer(ioc);
        t.expiresAt(Infinity);
        return t;
      });
      const waited = [2, 41, ...Array.from({ length: 10 }, (_, i) => 10 + i)];
      for (const i of waited) timers[i]!.asyncWait(() => {});
      // Timers that never expire take no heap entry and arm no host timer.
      expect(fake.queue.timers).toBe(0);
      expect(fake.host.setCalls).toBe(0);
      for (const i of waited) expect(timers[i]!.cancel()).toBe(1);
      for (const i of waited) expect(timers[i]!.cancel()).toBe(0);
      expect(drain(ioc)).toBe(waited.length);
      expect(ioc.stopped()).toBe(true);
    });

    test('custom_allocation_test: 50 never-expiring waits cancelled, 50 already-expired waits; run() finishes them all', async () => {
      const ioc = new IoContext();
      const got: Outcome[] = [];
      const timers: SteadyTimer[] = [];
      for (let i = 0; i < 50; i++) {
        const t = new SteadyTimer(ioc, { at: Infinity });
        t.asyncWait((err) => got.push(outcome(err)));
        timers.push(t);
      }
      for (let i = 0; i < 50; i++) new SteadyTimer(ioc, { at: -Infinity }).asyncWait((err) => got.push(outcome(err)));
      for (const t of timers) t.cancel();
      await ioc.run();
      expect(got.filter((o) => o === 'aborted')).toHaveLength(50);
      expect(got.filter((o) => o === 'ok')).toHaveLength(50);
    });

    test('async_result_test: a user-defined token kind makes asyncWait return what the token says', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 1000);
      const lazy = new TimerLazyHandler();
      const i: 42 = t.asyncWait(lazy);
      expect(i).toBe(42);
      fake.host.advance(1000);
      drain(ioc);
      expect(lazy.completions).toBe(1);
    });
  });
});
