// SteadyTimer, ported from Asio's timer tests (deadline_timer.cpp's async scenarios; steady_timer.cpp
// and basic_waitable_timer.cpp only check that the headers compile) and from what
// basic_waitable_timer.hpp documents. Most tests run on a FakeTimerHost, a clock the test moves
// by hand (the timer queue's seam); the last group runs on the real host (performance.now(),
// setTimeout) with short timers.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  asyncResult,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  coSpawn,
  deferred,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  makeStrand,
  spawn,
  SteadyTimer,
  SystemError,
  systemExecutor,
  tokenKind,
  useAwaitable,
  useFuture,
  type Handler,
  type Signature,
  type Initiation,
  type TokenObject,
} from '@asio-ts/core';
import { timerQueue } from '../src/detail/timer-queue';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { CountingExecutor } from './reliability/counting-executor';
import { fcParams } from './reliability/fc-config';

type Outcome = 'ok' | 'aborted';

function outcome(err: SystemError | null): Outcome {
  if (err === null) return 'ok';
  expect(err).toBeInstanceOf(SystemError);
  expect(errorIs(err, errors.operationAborted)).toBe(true);
  return 'aborted';
}

/** Let the system executor drain (it posts on setImmediate). */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function drain(ioc: IoContext): number {
  ioc.restart();
  return ioc.poll();
}

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
      explicit((err) => expect(err).toBeNull());
      fake.host.advance(100);
      await p;
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

  describe('exactly once, against a model (fast-check)', () => {
    type Action =
      | { kind: 'wait'; timer: number; withSlot: boolean }
      | { kind: 'cancel'; timer: number }
      | { kind: 'cancelOne'; timer: number }
      | { kind: 'expiresAfter'; timer: number; ms: number }
      | { kind: 'emit'; wait: number; type: number }
      | { kind: 'advance'; ms: number }
      | { kind: 'fireEarly' }
      | { kind: 'poll' };

    const timerIndex = fc.integer({ min: 0, max: 4 });
    const action: fc.Arbitrary<Action> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('wait' as const), timer: timerIndex, withSlot: fc.boolean() }), weight: 5 },
      fc.record({ kind: fc.constant('cancel' as const), timer: timerIndex }),
      fc.record({ kind: fc.constant('cancelOne' as const), timer: timerIndex }),
      {
        arbitrary: fc.record({
          kind: fc.constant('expiresAfter' as const),
          timer: timerIndex,
          ms: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constant(Infinity)),
        }),
        weight: 2,
      },
      {
        arbitrary: fc.record({
          kind: fc.constant('emit' as const),
          wait: fc.nat(),
          type: fc.constantFrom(CancellationType.None, CancellationType.Terminal, CancellationType.Partial, CancellationType.Total, CancellationType.All, 8),
        }),
        weight: 2,
      },
      { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }), weight: 3 },
      fc.record({ kind: fc.constant('fireEarly' as const) }),
      fc.record({ kind: fc.constant('poll' as const) }),
    );

    /** A check that throws (cheaper than expect() inside thousands of steps). */
    const same = (actual: unknown, expected: unknown, what: string): void => {
      if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, expected ${String(expected)}`);
    };

    interface ModelTimer {
      expiry: number;
      queue: number[];
      seq: number;
    }

    test('every wait completes exactly once, with the outcome, order, counts and work the model predicts', () => {
      fc.assert(
        fc.property(fc.array(action, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 5, maxLength: 5 }), (actions, initial) => {
          const host = fake.host;
          const ioc = new IoContext();
          const counting = new CountingExecutor(ioc.getExecutor());
          const timers = initial.map((ms) => new SteadyTimer(counting, ms));
          const model: ModelTimer[] = initial.map((ms) => ({ expiry: host.time + ms, queue: [], seq: -1 }));
          let seq = 0;
          const signals: Array<CancellationSignal | undefined> = [];
          const waitTimer: number[] = [];
          const queued = new Set<number>();
          const expected: Array<[number, Outcome]> = [];
          const actual: Array<[number, Outcome]> = [];
          let undeliveredAborts = 0;
          let delivered = 0;
          let initiating = false;

          const complete = (id: number, o: Outcome): void => {
            queued.delete(id);
            expected.push([id, o]);
            if (o === 'aborted') undeliveredAborts++;
          };
          const abortAll = (ti: number, max: number): number => {
            const m = model[ti]!;
            const taken = m.queue.splice(0, max);
            for (const id of taken) complete(id, 'aborted');
            return taken.length;
          };
          const check = (): void => {
            const finiteQueued = model.some((m) => m.queue.length > 0 && m.expiry !== Infinity);
            same(fake.queue.armed, finiteQueued, 'fake.queue.armed');
            same(host.active, finiteQueued ? 1 : 0, 'host.active');
            same(counting.outstanding, queued.size + undeliveredAborts, 'counting.outstanding');
            for (let id = 0; id < signals.length; id++) {
              const s = signals[id];
              if (s !== undefined) same(s.slot().hasHandler(), queued.has(id), 's.slot().hasHandler()');
            }
          };
          const poll = (): void => {
            ioc.restart();
            ioc.poll();
            undeliveredAborts = 0;
            delivered = actual.length;
            same(delivered, expected.length, 'delivered');
          };

          for (const a of actions) {
            switch (a.kind) {
              case 'wait': {
                const id = waitTimer.length;
                waitTimer.push(a.timer);
                const handler = (err: SystemError | null): void => {
                  same(initiating, false, 'initiating');
                  actual.push([id, err === null ? 'ok' : errorIs(err, errors.operationAborted) ? 'aborted' : ('other' as Outcome)]);
                };
                const sig = a.withSlot ? new CancellationSignal() : undefined;
                signals.push(sig);
                initiating = true;
                timers[a.timer]!.asyncWait(sig === undefined ? handler : bindCancellationSlot(sig.slot(), handler));
                initiating = false;
                const m = model[a.timer]!;
                if (m.queue.length === 0 && m.expiry <= host.time) complete(id, 'ok');
                else {
                  if (m.queue.length === 0) m.seq = seq++;
                  m.queue.push(id);
                  queued.add(id);
                }
                break;
              }
              case 'cancel':
                same(timers[a.timer]!.cancel(), abortAll(a.timer, Infinity), 'timers[a.timer]!.cancel()');
                break;
              case 'cancelOne':
                same(timers[a.timer]!.cancelOne(), abortAll(a.timer, 1), 'timers[a.timer]!.cancelOne()');
                break;
              case 'expiresAfter': {
                same(timers[a.timer]!.expiresAfter(a.ms), abortAll(a.timer, Infinity), 'timers[a.timer]!.expiresAfter(a.ms)');
                model[a.timer]!.expiry = host.time + a.ms;
                break;
              }
              case 'emit': {
                if (signals.length === 0) break;
                const id = a.wait % signals.length;
                const sig = signals[id];
                if (sig === undefined) break;
                sig.emit(a.type);
                if (queued.has(id) && (a.type & 7) !== 0) {
                  const m = model[waitTimer[id]!]!;
                  m.queue.splice(m.queue.indexOf(id), 1);
                  complete(id, 'aborted');
                }
                break;
              }
              case 'advance': {
                host.advance(a.ms);
                const due = model
                  .filter((m) => m.queue.length > 0 && m.expiry <= host.time)
                  .sort((x, y) => x.expiry - y.expiry || x.seq - y.seq);
                for (const m of due) for (const id of m.queue.splice(0)) complete(id, 'ok');
                break;
              }
              case 'fireEarly':
                host.fireEarly();
                break;
              case 'poll':
                poll();
                break;
            }
            // Nothing is ever delivered outside a poll of the context.
            same(actual.length, delivered, 'actual.length');
            check();
          }
          for (let ti = 0; ti < timers.length; ti++) expect(timers[ti]!.cancel()).toBe(abortAll(ti, Infinity));
          poll();
          check();
          expect(actual).toEqual(expected);
          expect(new Set(actual.map(([id]) => id)).size).toBe(waitTimer.length);
          expect(counting.outstanding).toBe(0);
          expect(counting.underflows).toBe(0);
          expect(fake.queue.timers).toBe(0);
          expect(ioc.stopped()).toBe(true);
        }),
        fcParams(),
      );
    });
  });
});

declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S, T> {
    timerLazy: 42;
  }
}

/** Asio's archetypes::lazy_handler: the initiating function returns 42. */
class TimerLazyHandler implements TokenObject<'timerLazy'> {
  readonly [tokenKind] = 'timerLazy' as const;
  completions = 0;
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
    initiation(
      (() => {
        this.completions++;
      }) as Handler<S>,
      ...args,
    );
    return 42;
  }
}

describe('SteadyTimer on the real host (performance.now, setTimeout)', () => {
  test('await ioc.run() lasts until the timer fired, and not before its expiry', async () => {
    const ioc = new IoContext();
    const start = performance.now();
    const t = new SteadyTimer(ioc, 30);
    let firedAt = 0;
    t.asyncWait((err) => {
      expect(err).toBeNull();
      firedAt = performance.now();
    });
    await ioc.run();
    expect(firedAt).toBeGreaterThanOrEqual(start + 30);
    expect(firedAt).toBeGreaterThanOrEqual(t.expiry());
  });

  test('a cancelled timer releases its work: run() returns long before the expiry', async () => {
    const ioc = new IoContext();
    const start = performance.now();
    const long = new SteadyTimer(ioc, 60_000);
    const short = new SteadyTimer(ioc, 10);
    let got: SystemError | null | undefined;
    long.asyncWait((err) => (got = err));
    short.asyncWait(() => expect(long.cancel()).toBe(1));
    await ioc.run();
    expect(errorIs(got, errors.operationAborted)).toBe(true);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(timerQueue().armed).toBe(false);
  });

  test('tokens on real timers: useFuture, deferred awaited, coSpawn + useAwaitable, spawn', async () => {
    const ioc = new IoContext();
    await new SteadyTimer(systemExecutor, 5).asyncWait(useFuture);
    await new SteadyTimer(systemExecutor, 5).asyncWait();
    const co = coSpawn(ioc, async () => {
      await new SteadyTimer(ioc, 5).asyncWait(useAwaitable);
      return 'co';
    }, useFuture);
    const sp = spawn(ioc, function* (y) {
      yield* new SteadyTimer(ioc, 5).asyncWait(y);
      return 'sp';
    }, useFuture);
    await ioc.run();
    expect(await co).toBe('co');
    expect(await sp).toBe('sp');
  });

  test('10,000 pending waits cost one setTimeout; cancelling them costs one clearTimeout', () => {
    // Nothing is pending from earlier tests, so the first wait is the one that arms.
    expect(timerQueue().armed).toBe(false);
    const set = jest.spyOn(globalThis, 'setTimeout');
    const clear = jest.spyOn(globalThis, 'clearTimeout');
    try {
      const ioc = new IoContext();
      const timers: SteadyTimer[] = [];
      for (let i = 0; i < 10_000; i++) {
        const t = new SteadyTimer(ioc, 5000);
        t.asyncWait(() => {});
        timers.push(t);
      }
      expect(set).toHaveBeenCalledTimes(1);
      expect(timerQueue().armed).toBe(true);
      for (const t of timers) t.cancel();
      expect(set).toHaveBeenCalledTimes(1);
      expect(clear).toHaveBeenCalledTimes(1);
      expect(timerQueue().armed).toBe(false);
      expect(drain(ioc)).toBe(10_000);
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });

  describe('in a Node process (the built package)', () => {
    const root = join(__dirname, '..', '..', '..');
    const run = (script: string): { lines: string[]; ms: number } => {
      const start = performance.now();
      const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      return { lines: out.trim().split('\n'), ms: performance.now() - start };
    };

    test('is built with SteadyTimer (run `npm run build` first)', () => {
      expect(existsSync(join(root, 'packages', 'core', 'dist', 'index.cjs'))).toBe(true);
      expect(run(`console.log(typeof require('@asio-ts/core').SteadyTimer)`).lines).toEqual(['function']);
    });

    test('a pending wait keeps the process alive until it fires; then nothing does', () => {
      const { lines } = run(`
        const { IoContext, SteadyTimer } = require('@asio-ts/core');
        const ioc = new IoContext();
        const start = performance.now();
        new SteadyTimer(ioc, 200).asyncWait((err) => console.log('fired', err, performance.now() - start >= 200));
        ioc.run().then((n) => console.log('ran', n));
      `);
      expect(lines).toEqual(['fired null true', 'ran 1']);
    });

    test('a cancelled wait leaves no host timer behind: the process exits at once', () => {
      const { lines, ms } = run(`
        const { SteadyTimer, systemExecutor } = require('@asio-ts/core');
        const t = new SteadyTimer(systemExecutor, 60000);
        for (let i = 0; i < 1000; i++) t.asyncWait((err) => { if (i === 999) console.log(err.code); });
        console.log('cancelled', t.cancel());
      `);
      expect(lines).toEqual(['cancelled 1000', 'ECANCELED']);
      expect(ms).toBeLessThan(15_000);
    });
  });
});
