// SteadyTimer, ported from Asio's timer tests (deadline_timer.cpp's async scenarios; steady_timer.cpp
// and basic_waitable_timer.cpp only check that the headers compile) and from what
// basic_waitable_timer.hpp documents. Tests run on a FakeTimerHost, a clock the test moves by hand
// (the timer queue's seam). This file: exactly once, against a model
// (fast-check).

import fc from 'fast-check';
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SteadyTimer,
  SystemError,
} from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { CountingExecutor } from './reliability/counting-executor';
import { fcParams } from './reliability/fc-config';
import { type Outcome } from './helpers/steady-timer';

describe('SteadyTimer on a fake clock', () => {
  const fake = useFakeTimerHost();

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
