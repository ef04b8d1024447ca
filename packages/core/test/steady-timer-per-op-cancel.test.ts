// SteadyTimer, ported from Asio's timer tests (deadline_timer.cpp's async scenarios; steady_timer.cpp
// and basic_waitable_timer.cpp only check that the headers compile) and from what
// basic_waitable_timer.hpp documents. Tests run on a FakeTimerHost, a clock the test moves by hand
// (the timer queue's seam). This file: per-operation cancellation and the
// host timer.

import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  IoContext,
  SteadyTimer,
  SystemError,
  systemExecutor,
} from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { drain, outcome, type Outcome } from './helpers/steady-timer';

describe('SteadyTimer on a fake clock', () => {
  const fake = useFakeTimerHost();

  describe('per-operation cancellation', () => {
    test.each([
      ['terminal', CancellationType.Terminal],
      ['partial', CancellationType.Partial],
      ['total', CancellationType.Total],
      ['all', CancellationType.All],
    ])('%s cancellation cancels that one wait; the others on the timer still expire', (_name, type) => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const sig = new CancellationSignal();
      const seen: string[] = [];
      t.asyncWait(() => seen.push('before'));
      t.asyncWait(bindCancellationSlot(sig.slot(), (err: SystemError | null) => seen.push(`bound ${outcome(err)}`)));
      t.asyncWait(() => seen.push('after'));
      expect(sig.slot().hasHandler()).toBe(true);
      sig.emit(type);
      expect(seen).toEqual([]);
      expect(sig.slot().hasHandler()).toBe(false);
      drain(ioc);
      expect(seen).toEqual(['bound aborted']);
      fake.host.advance(100);
      drain(ioc);
      expect(seen).toEqual(['bound aborted', 'before', 'after']);
      // Only two waits were left for cancel() to count, and none now.
      expect(t.cancel()).toBe(0);
    });

    test('emitting no supported type does nothing; a completed wait leaves no handler in the slot', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const sig = new CancellationSignal();
      const got: Outcome[] = [];
      t.asyncWait(bindCancellationSlot(sig.slot(), (err: SystemError | null) => got.push(outcome(err))));
      sig.emit(CancellationType.None);
      sig.emit(8);
      fake.host.advance(100);
      expect(sig.slot().hasHandler()).toBe(false);
      sig.emit(CancellationType.All);
      drain(ioc);
      expect(got).toEqual(['ok']);
    });

    test('cancellation emitted after expiry but before the handler ran is too late: null', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const sig = new CancellationSignal();
      const got: Outcome[] = [];
      t.asyncWait(bindCancellationSlot(sig.slot(), (err: SystemError | null) => got.push(outcome(err))));
      fake.host.advance(100);
      sig.emit(CancellationType.Terminal);
      drain(ioc);
      expect(got).toEqual(['ok']);
    });

    test('waits already expired together cannot be cancelled by an earlier one’s handler (system executor, run inline)', () => {
      const a = new SteadyTimer(systemExecutor, 100);
      const b = new SteadyTimer(systemExecutor, 100);
      const sig = new CancellationSignal();
      const seen: string[] = [];
      a.asyncWait(() => {
        // Inside the host timer's callback: b's wait was taken out with a's, as Asio's
        // get_ready_timers takes every due wait before any handler runs.
        sig.emit(CancellationType.Terminal);
        seen.push(`a; b.cancel() = ${b.cancel()}`);
      });
      b.asyncWait(bindCancellationSlot(sig.slot(), (err: SystemError | null) => seen.push(`b ${outcome(err)}`)));
      fake.host.advance(100);
      expect(seen).toEqual(['a; b.cancel() = 0', 'b ok']);
    });

    test('the last wait of the earliest timer cancelled: the host timer is kept, fires early and re-arms', () => {
      const ioc = new IoContext();
      const a = new SteadyTimer(ioc, 100);
      const b = new SteadyTimer(ioc, 500);
      const sig = new CancellationSignal();
      const seen: string[] = [];
      a.asyncWait(bindCancellationSlot(sig.slot(), (err: SystemError | null) => seen.push(`a ${outcome(err)}`)));
      b.asyncWait(() => seen.push('b'));
      expect(fake.host.setCalls).toBe(1);
      sig.emit();
      expect(fake.host.setCalls).toBe(1);
      expect(fake.host.clearCalls).toBe(0);
      fake.host.advance(100);
      expect(fake.host.setCalls).toBe(2);
      expect(fake.host.delays).toEqual([100, 400]);
      fake.host.advance(400);
      drain(ioc);
      expect(seen).toEqual(['a aborted', 'b']);
      expect(fake.host.active).toBe(0);
    });
  });

  describe('the host timer', () => {
    test('10,000 pending waits arm one host timer; cancelling them all clears it and sets none', () => {
      const ioc = new IoContext();
      const timers: SteadyTimer[] = [];
      for (let i = 0; i < 10_000; i++) {
        fake.host.time += 0.01;
        const t = new SteadyTimer(ioc, 1000);
        t.asyncWait(() => {});
        timers.push(t);
      }
      expect(fake.queue.timers).toBe(10_000);
      expect(fake.host.setCalls).toBe(1);
      expect(fake.host.active).toBe(1);
      let n = 0;
      for (const t of timers) n += t.cancel();
      expect(n).toBe(10_000);
      expect(fake.host.setCalls).toBe(1);
      expect(fake.host.clearCalls).toBe(1);
      expect(fake.host.active).toBe(0);
      expect(fake.queue.armed).toBe(false);
      expect(drain(ioc)).toBe(10_000);
    });

    test('10,000 waits on one timer are one heap entry and one host timer, completing in order', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 50);
      const seen: number[] = [];
      for (let i = 0; i < 10_000; i++) t.asyncWait(() => seen.push(i));
      expect(fake.queue.timers).toBe(1);
      expect(fake.host.setCalls).toBe(1);
      fake.host.advance(50);
      drain(ioc);
      expect(seen).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    });

    test('a host timer that fires early re-reads the clock and re-arms for the rest', () => {
      const t = new SteadyTimer(systemExecutor, 100);
      const got: Outcome[] = [];
      t.asyncWait((err) => got.push(outcome(err)));
      fake.host.time += 60;
      expect(fake.host.fireEarly()).toBe(true);
      expect(got).toEqual([]);
      expect(fake.host.delays).toEqual([100, 40]);
      fake.host.advance(40);
      expect(got).toEqual(['ok']);
    });

    test('an earlier wait re-arms the host timer for itself', () => {
      const late = new SteadyTimer(systemExecutor, 1000);
      const early = new SteadyTimer(systemExecutor, 10);
      const seen: string[] = [];
      late.asyncWait(() => seen.push('late'));
      early.asyncWait(() => seen.push('early'));
      expect(fake.host.delays).toEqual([1000, 10]);
      expect(fake.host.active).toBe(1);
      fake.host.advance(10);
      expect(seen).toEqual(['early']);
      fake.host.advance(990);
      expect(seen).toEqual(['early', 'late']);
    });

    test('an expiry beyond setTimeout’s range (2^31-1 ms) is reached by several host timers', () => {
      const t = new SteadyTimer(systemExecutor, 2 ** 32);
      const got: Outcome[] = [];
      t.asyncWait((err) => got.push(outcome(err)));
      expect(fake.host.delays).toEqual([2 ** 31 - 1]);
      fake.host.advance(2 ** 31 - 1);
      expect(got).toEqual([]);
      fake.host.advance(2 ** 32 - (2 ** 31 - 1));
      expect(got).toEqual(['ok']);
    });
  });
});
