// SteadyTimer, ported from Asio's timer tests (deadline_timer.cpp's async scenarios; steady_timer.cpp
// and basic_waitable_timer.cpp only check that the headers compile) and from what
// basic_waitable_timer.hpp documents. Tests run on a FakeTimerHost, a clock the test moves by hand
// (the timer queue's seam). This file: expiry, cancel and order, never
// inside the initiating call, and work.

import {
  bindExecutor,
  bindImmediateExecutor,
  inlineExecutor,
  IoContext,
  SteadyTimer,
  SystemError,
  systemExecutor,
} from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { CountingExecutor } from './reliability/counting-executor';
import { drain, outcome, turn, type Outcome } from './helpers/steady-timer';

describe('SteadyTimer on a fake clock', () => {
  const fake = useFakeTimerHost();

  describe('expiry, cancel and order', () => {
    test('a wait completes with null once the expiry is reached, not before', () => {
      const t = new SteadyTimer(systemExecutor, 100);
      const got: Outcome[] = [];
      t.asyncWait((err) => got.push(outcome(err)));
      fake.host.advance(99);
      expect(got).toEqual([]);
      fake.host.advance(1);
      // From the host timer, a system-executor handler is a direct call.
      expect(got).toEqual(['ok']);
    });

    test('expiresAfter on a pending wait cancels it (operationAborted) and returns 1', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const got: Outcome[] = [];
      t.asyncWait((err) => got.push(outcome(err)));
      expect(t.expiresAfter(500)).toBe(1);
      expect(got).toEqual([]);
      drain(ioc);
      expect(got).toEqual(['aborted']);
      expect(t.expiresAt(0)).toBe(0);
    });

    test('after expiry it is too late: cancel() and expiresAfter() return 0 and the handler gets null', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const got: Outcome[] = [];
      t.asyncWait((err) => got.push(outcome(err)));
      fake.host.advance(100);
      // The handler is queued on the context, not run yet: it can no longer be cancelled.
      expect(t.cancel()).toBe(0);
      expect(t.expiresAfter(100)).toBe(0);
      drain(ioc);
      expect(got).toEqual(['ok']);
    });

    test('cancel() counts the pending waits and never runs a handler inside the call', async () => {
      const t = new SteadyTimer(systemExecutor, 100);
      const got: Outcome[] = [];
      for (let i = 0; i < 3; i++) t.asyncWait((err) => got.push(outcome(err)));
      expect(t.cancel()).toBe(3);
      expect(got).toEqual([]);
      expect(t.cancel()).toBe(0);
      await turn();
      expect(got).toEqual(['aborted', 'aborted', 'aborted']);
      // Cancelling does not change the expiry.
      expect(t.expiry()).toBe(fake.host.time + 100);
    });

    test('cancelOne cancels the oldest wait first, one per call, and leaves the expiry alone', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 100);
      const seen: string[] = [];
      for (const name of ['a', 'b', 'c', 'd']) t.asyncWait((err) => seen.push(`${name} ${outcome(err)}`));
      expect(t.cancelOne()).toBe(1);
      expect(t.cancelOne()).toBe(1);
      drain(ioc);
      expect(seen).toEqual(['a aborted', 'b aborted']);
      fake.host.advance(100);
      drain(ioc);
      expect(seen).toEqual(['a aborted', 'b aborted', 'c ok', 'd ok']);
      expect(t.cancelOne()).toBe(0);
    });

    test('many waits on one timer complete in the order they started; timers in expiry order, ties in start order', () => {
      const ioc = new IoContext();
      const seen: string[] = [];
      const late = new SteadyTimer(ioc, 300);
      const early = new SteadyTimer(ioc, 100);
      const tieA = new SteadyTimer(ioc, 200);
      const tieB = new SteadyTimer(ioc, 200);
      late.asyncWait(() => seen.push('late 1'));
      tieB.asyncWait(() => seen.push('tieB 1'));
      early.asyncWait(() => seen.push('early 1'));
      tieA.asyncWait(() => seen.push('tieA 1'));
      late.asyncWait(() => seen.push('late 2'));
      early.asyncWait(() => seen.push('early 2'));
      tieB.asyncWait(() => seen.push('tieB 2'));
      fake.host.advance(1000);
      drain(ioc);
      expect(seen).toEqual(['early 1', 'early 2', 'tieB 1', 'tieB 2', 'tieA 1', 'late 1', 'late 2']);
    });

    test('a wait on an expired timer still joins waits queued before it (the host timer has not fired yet)', () => {
      const ioc = new IoContext();
      const t = new SteadyTimer(ioc, 10);
      const seen: string[] = [];
      t.asyncWait(() => seen.push('first'));
      // The clock passes the expiry without the host timer firing (a busy event loop).
      fake.host.time += 50;
      t.asyncWait(() => seen.push('second'));
      drain(ioc);
      expect(seen).toEqual([]);
      fake.host.advance(0);
      fake.host.fireEarly();
      drain(ioc);
      expect(seen).toEqual(['first', 'second']);
    });

    test('a handler that throws from the host timer (system executor) surfaces, and the other expired waits still complete', () => {
      const t = new SteadyTimer(systemExecutor, 100);
      const seen: string[] = [];
      t.asyncWait(() => {
        seen.push('a');
        throw new Error('boom');
      });
      t.asyncWait(() => seen.push('b'));
      expect(() => fake.host.advance(100)).toThrow('boom');
      expect(seen).toEqual(['a']);
      // The rest runs from a fresh host timer, at once.
      expect(fake.host.delays.at(-1)).toBe(0);
      fake.host.advance(1);
      expect(seen).toEqual(['a', 'b']);
      expect(fake.host.active).toBe(0);
      expect(fake.queue.armed).toBe(false);
    });
  });

  describe('never inside the initiating call', () => {
    test('a wait on an expired timer is delivered through a post (IoContext, system executor)', async () => {
      const ioc = new IoContext();
      const got: string[] = [];
      new SteadyTimer(ioc).asyncWait(() => got.push('ioc'));
      new SteadyTimer(systemExecutor).asyncWait(() => got.push('system'));
      expect(got).toEqual([]);
      drain(ioc);
      await turn();
      expect(got.sort()).toEqual(['ioc', 'system']);
    });

    test('bindImmediateExecutor(inlineExecutor, h) opts in to an inline completion', () => {
      const got: Outcome[] = [];
      new SteadyTimer(new IoContext()).asyncWait(bindImmediateExecutor(inlineExecutor, (err: SystemError | null) => got.push(outcome(err))));
      expect(got).toEqual(['ok']);
    });

    test('a handler runs through its associated executor', () => {
      const ioc = new IoContext();
      const other = new IoContext();
      const seen: boolean[] = [];
      const t = new SteadyTimer(ioc, 10);
      t.asyncWait(bindExecutor(other, () => seen.push(other.getExecutor().runningInThisThread())));
      fake.host.advance(10);
      expect(drain(ioc)).toBe(0);
      expect(drain(other)).toBe(1);
      expect(seen).toEqual([true]);
    });
  });

  describe('work', () => {
    test('a pending wait holds work; a cancelled one gives it back once its handler ran', () => {
      const ioc = new IoContext();
      const counting = new CountingExecutor(ioc.getExecutor());
      const t = new SteadyTimer(counting, 100);
      t.asyncWait(() => {});
      t.asyncWait(() => {});
      expect(counting.outstanding).toBe(2);
      drain(ioc);
      expect(ioc.stopped()).toBe(false);
      t.cancelOne();
      // Posted, not run: still held.
      expect(counting.outstanding).toBe(2);
      drain(ioc);
      expect(counting.outstanding).toBe(1);
      fake.host.advance(100);
      drain(ioc);
      expect(counting.outstanding).toBe(0);
      expect(ioc.stopped()).toBe(true);
      expect(counting.underflows).toBe(0);
    });

    test('a wait on an expired timer holds no work (it completed inside its initiating call)', () => {
      const ioc = new IoContext();
      const counting = new CountingExecutor(ioc.getExecutor());
      new SteadyTimer(counting).asyncWait(() => {});
      expect(counting.started).toBe(0);
      drain(ioc);
      expect(counting.outstanding).toBe(0);
    });
  });
});
