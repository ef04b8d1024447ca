// cancelAt(timer, t, token?, type?): Asio's cancel_at taking a timer (cancel_at.hpp,
// cancel_at_timer, partial_cancel_at_timer). Scenarios as src/tests/unit/cancel_at.cpp's timer
// tests: the given timer is the deadline, nested deadlines (the earliest wins), a token object,
// the deferred form; every timer runs on a fake clock, `t` on the SteadyTimer clock.
import {
  cancelAt,
  CancelAfter,
  CancellationType,
  deferred,
  errorIs,
  errors,
  IoContext,
  SteadyTimer,
  useFuture,
  type DeferredOperation,
  type SystemError,
  type TimerWaitSignature,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { outcome, recordingToken, runAdvancing, type Outcome } from './helpers/deadline-outcomes';

describe('cancelAt(timer, t, ...)', () => {
  const fake = useFakeTimerHost();

  const runFor = (ioc: IoContext, ms: number): Promise<number> => runAdvancing(fake.host, ioc, ms);

  test('the timer is the deadline: cancels only when it comes first; nested deadlines: the earliest wins', async () => {
    const ioc = new IoContext();
    const deadline1 = new SteadyTimer(ioc);
    const deadline2 = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const handler = (err: SystemError | null): void => void got.push(outcome(err));
    const t = new SteadyTimer(ioc, 100);

    t.asyncWait(cancelAt(deadline1, SteadyTimer.now() + 5000, handler));
    expect(deadline1.expiry()).toBe(fake.host.time + 5000);
    await runFor(ioc, 100);
    expect(got).toEqual(['ok']);
    expect(ioc.stopped()).toBe(true);

    t.expiresAfter(5000);
    t.asyncWait(cancelAt(deadline1, SteadyTimer.now() + 100, handler));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted']);

    t.expiresAfter(5000);
    t.asyncWait(cancelAt(deadline1, SteadyTimer.now() + 10_000, cancelAt(deadline2, SteadyTimer.now() + 100, handler)));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted', 'aborted']);
    expect(fake.host.active).toBe(0);
  });

  test('a deadline already past cancels right after the operation starts', async () => {
    const ioc = new IoContext();
    const deadline = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const token = cancelAt(deadline, SteadyTimer.now() - 10, recordingToken(got));
    expect(token.ms).toBe(0);
    new SteadyTimer(ioc, 5000).asyncWait(token);
    await runFor(ioc, 1);
    expect(got).toEqual(['aborted']);
  });

  test('without a token: deferred; the deadline is absolute, wherever the launch happens', async () => {
    const ioc = new IoContext();
    const deadline = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const at = SteadyTimer.now() + 300;
    const op = new SteadyTimer(ioc, 5000).asyncWait(cancelAt(deadline, at));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<TimerWaitSignature>>();
    fake.host.advance(200);
    op(recordingToken(got));
    expect(deadline.expiry()).toBe(at); // not 300 ms after the launch
    await runFor(ioc, 100);
    expect(got).toEqual(['aborted']);
  });

  test('the type and fields of the token; useFuture on the system executor', async () => {
    const { systemExecutor } = await import('@asio-ts/core');
    const deadline = new SteadyTimer(systemExecutor);
    const at = SteadyTimer.now() + 100;
    const token = cancelAt(deadline, at, useFuture, CancellationType.Partial);
    expect([token.timer, token.at, token.ms, token.type]).toEqual([deadline, at, 100, CancellationType.Partial]);
    const settled = new SteadyTimer(systemExecutor, 5000).asyncWait(token).catch((e: unknown) => e);
    fake.host.advance(100);
    expect(errorIs(await settled, errors.operationAborted)).toBe(true);
  });

  test('programmer errors name the argument', () => {
    const deadline = new SteadyTimer(new IoContext());
    expect(() => cancelAt(deadline, '10' as unknown as number)).toThrow(new TypeError('t must be a time on the SteadyTimer clock, got "10"'));
    expect(() => cancelAt(deadline, Number.NaN)).toThrow(new RangeError('t must not be NaN'));
    expect(() => cancelAt(deadline, new Date() as unknown as number)).toThrow(TypeError);
    expect(() => cancelAt(deadline, 10, 42)).toThrow(TypeError);
    expect(() => cancelAt(deadline, 10, deferred, 1.5 as CancellationType)).toThrow(RangeError);
  });

  test('Infinity: the timer never expires; -Infinity: it has expired, so the operation is cancelled right after it starts', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const handler = (err: SystemError | null): void => void got.push(outcome(err));
    new SteadyTimer(ioc, 2 ** 40).asyncWait(cancelAt(timeout, Infinity, handler));
    expect(timeout.expiry()).toBe(Infinity);
    await runFor(ioc, 2 ** 40);
    expect(got).toEqual(['ok']);
    new SteadyTimer(ioc, 5000).asyncWait(cancelAt(timeout, -Infinity, handler));
    await runFor(ioc, 0);
    expect(got).toEqual(['ok', 'aborted']);
  });

  test('types: both overloads', () => {
    const deadline = new SteadyTimer(new IoContext());
    expectTypeOf(cancelAt(deadline, 10)).toEqualTypeOf<CancelAfter<typeof deferred>>();
    expectTypeOf(cancelAt(deadline, 10, useFuture)).toEqualTypeOf<CancelAfter<typeof useFuture>>();
    expectTypeOf(cancelAt(new Date(), useFuture)).toEqualTypeOf<CancelAfter<typeof useFuture>>();
    const t = new SteadyTimer(new IoContext(), 10);
    expectTypeOf(t.asyncWait(cancelAt(deadline, 10, useFuture))).toEqualTypeOf<Promise<void>>();
    expectTypeOf(t.asyncWait(cancelAt(deadline, 10, (err: SystemError | null) => void err))).toEqualTypeOf<void>();
    // @ts-expect-error the deadline is a time on the timer's clock, not a Date
    expect(() => cancelAt(deadline, new Date())).toThrow(TypeError);
  });
});
