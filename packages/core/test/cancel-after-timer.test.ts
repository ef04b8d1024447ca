// cancelAfter(timer, ms, token?, type?): Asio's cancel_after taking a timer (cancel_after.hpp,
// cancel_after_timer). Scenarios from src/tests/unit/cancel_after.cpp
// (cancel_after_timer_function_object_test, cancel_after_timer_completion_token_v2_test,
// partial_cancel_after_timer_test), with a SteadyTimer wait as the operation, as there; every
// timer runs on a fake clock.
import {
  asyncInitiate,
  bindCancellationSlot,
  cancelAfter,
  CancelAfter,
  CancellationSignal,
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

describe('cancelAfter(timer, ms, ...)', () => {
  const fake = useFakeTimerHost();

  const runFor = (ioc: IoContext, ms: number): Promise<number> => runAdvancing(fake.host, ioc, ms);

  test('the given timer is the timeout: cancels only when it comes first; nested timeouts: the earliest wins', async () => {
    const ioc = new IoContext();
    const timeout1 = new SteadyTimer(ioc);
    const timeout2 = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const handler = (err: SystemError | null): void => void got.push(outcome(err));
    const t = new SteadyTimer(ioc, 100);

    t.asyncWait(cancelAfter(timeout1, 5000, handler));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok']);
    expect(ioc.stopped()).toBe(true); // the timeout's wait was cancelled and its handler ran

    t.expiresAfter(5000);
    t.asyncWait(cancelAfter(timeout1, 100, handler));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted']);

    t.expiresAfter(100);
    t.asyncWait(cancelAfter(timeout1, 5000, cancelAfter(timeout2, 10_000, handler)));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted', 'ok']);

    t.expiresAfter(5000);
    t.asyncWait(cancelAfter(timeout1, 100, cancelAfter(timeout2, 10_000, handler)));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted', 'ok', 'aborted']);

    t.expiresAfter(5000);
    t.asyncWait(cancelAfter(timeout1, 10_000, cancelAfter(timeout2, 100, handler)));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted', 'ok', 'aborted', 'aborted']);
    expect(fake.host.active).toBe(0);
  });

  test('with a token object (completion token v2)', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const t = new SteadyTimer(ioc, 100);
    t.asyncWait(cancelAfter(timeout, 5000, recordingToken(got)));
    await runFor(ioc, 100);
    t.expiresAfter(5000);
    t.asyncWait(cancelAfter(timeout, 100, recordingToken(got)));
    await runFor(ioc, 100);
    expect(got).toEqual(['ok', 'aborted']);
  });

  test('without a token: a deferred operation; the timer is set when it is launched', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const t = new SteadyTimer(ioc, 5000);
    const op = t.asyncWait(cancelAfter(timeout, 100));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<TimerWaitSignature>>();
    expect(timeout.expiry()).toBe(0);
    fake.host.advance(1000);
    op(recordingToken(got));
    expect(timeout.expiry()).toBe(fake.host.time + 100);
    await runFor(ioc, 100);
    expect(got).toEqual(['aborted']);
  });

  test('with useFuture, on the system executor', async () => {
    const { systemExecutor } = await import('@asio-ts/core');
    const timeout = new SteadyTimer(systemExecutor);
    const slow = new SteadyTimer(systemExecutor, 5000).asyncWait(cancelAfter(timeout, 100, useFuture));
    expectTypeOf(slow).toEqualTypeOf<Promise<void>>();
    const settled = slow.catch((e: unknown) => e);
    fake.host.advance(100);
    expect(errorIs(await settled, errors.operationAborted)).toBe(true);
  });

  test('setting the timer cancels its pending waits; the operation completing first cancels the timeout wait', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc, 60_000);
    const own: Outcome[] = [];
    timeout.asyncWait((err) => own.push(outcome(err)));
    const got: Outcome[] = [];
    new SteadyTimer(ioc, 10).asyncWait(cancelAfter(timeout, 1000, recordingToken(got)));
    expect(ioc.poll()).toBe(1);
    expect(own).toEqual(['aborted']); // expiresAfter(1000) cancelled the wait already there
    fake.host.advance(10);
    expect(ioc.poll()).toBe(2); // the operation's handler, and the cancelled timeout wait's
    expect(got).toEqual(['ok']);
    expect(timeout.cancel()).toBe(0);
  });

  test('one timer, one operation at a time: a second operation takes the timer over', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const first: Outcome[] = [];
    const second: Outcome[] = [];
    const a = new SteadyTimer(ioc, 500);
    a.asyncWait(cancelAfter(timeout, 100, recordingToken(first)));
    new SteadyTimer(ioc, 5000).asyncWait(cancelAfter(timeout, 200, recordingToken(second)));
    fake.host.advance(200);
    ioc.poll();
    expect([first, second]).toEqual([[], ['aborted']]);
    fake.host.advance(300);
    ioc.poll();
    expect(first).toEqual(['ok']); // its timeout was gone, so it ran to its own end
    expect(ioc.stopped()).toBe(true);
  });

  test('the cancellation type is the one given; the inner handler’s own slot is still forwarded', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const token = cancelAfter(timeout, 100, deferred, CancellationType.Partial);
    expect([token.timer, token.ms, token.type, token.at]).toEqual([timeout, 100, CancellationType.Partial, undefined]);
    const got: Outcome[] = [];
    const signal = new CancellationSignal();
    new SteadyTimer(ioc, 5000).asyncWait(cancelAfter(timeout, 1000, bindCancellationSlot(signal.slot(), (err: SystemError | null) => got.push(outcome(err)))));
    signal.emit(CancellationType.Terminal);
    await runFor(ioc, 0);
    expect(got).toEqual(['aborted']);
    expect(timeout.cancel()).toBe(0);
  });

  test('Infinity: the timer never expires, so the operation is never cancelled by it', async () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const got: Outcome[] = [];
    const token = cancelAfter(timeout, Infinity, (err: SystemError | null) => void got.push(outcome(err)));
    expect(token.ms).toBe(Infinity);
    new SteadyTimer(ioc, 2 ** 40).asyncWait(token);
    expect(timeout.expiry()).toBe(Infinity);
    await runFor(ioc, 2 ** 40);
    expect(got).toEqual(['ok']);
    expect(timeout.cancel()).toBe(0); // the timeout's wait was cancelled at completion
  });

  test('an operation that refuses to start leaves no pending wait on the timer', () => {
    const ioc = new IoContext();
    const timeout = new SteadyTimer(ioc);
    const refuse = (token: unknown): unknown =>
      asyncInitiate(() => {
        throw new RangeError('bad argument');
      }, token);
    expect(() => refuse(cancelAfter(timeout, 100, () => {}))).toThrow(RangeError);
    expect(timeout.cancel()).toBe(0);
    expect(ioc.poll()).toBe(1); // the cancelled timeout wait's handler, which does nothing
    expect(fake.host.active).toBe(0);
  });

  test('programmer errors name the argument', () => {
    const timeout = new SteadyTimer(new IoContext());
    expect(() => cancelAfter(timeout, '10' as unknown as number)).toThrow(new TypeError('ms must be a number, got "10"'));
    expect(() => cancelAfter(timeout, -1)).toThrow(new RangeError('ms must be a non-negative number or Infinity, got -1'));
    expect(() => cancelAfter(timeout, Number.NaN)).toThrow(RangeError);
    expect(() => cancelAfter(timeout, 10, deferred, 1.5 as CancellationType)).toThrow(RangeError);
    expect(() => new CancelAfter(deferred, 10, CancellationType.Terminal, undefined, {} as SteadyTimer)).toThrow(new TypeError('timer must be a SteadyTimer, got an object'));
    expect(() => cancelAfter({} as unknown as number)).toThrow(TypeError);
  });

  test('types: both overloads', () => {
    const timeout = new SteadyTimer(new IoContext());
    expectTypeOf(cancelAfter(timeout, 10)).toEqualTypeOf<CancelAfter<typeof deferred>>();
    expectTypeOf(cancelAfter(timeout, 10, useFuture)).toEqualTypeOf<CancelAfter<typeof useFuture>>();
    expectTypeOf(cancelAfter(10, useFuture)).toEqualTypeOf<CancelAfter<typeof useFuture>>();
    expectTypeOf(cancelAfter(10)).toEqualTypeOf<CancelAfter<typeof deferred>>();
    const t = new SteadyTimer(new IoContext(), 10);
    expectTypeOf(t.asyncWait(cancelAfter(timeout, 10, useFuture))).toEqualTypeOf(t.asyncWait(cancelAfter(10, useFuture)));
    expectTypeOf(t.asyncWait(cancelAfter(timeout, 10, (err: SystemError | null) => void err))).toEqualTypeOf<void>();
    expectTypeOf(cancelAfter(timeout, 10).timer).toEqualTypeOf<SteadyTimer | undefined>();
    // @ts-expect-error the timeout is a number of milliseconds
    expect(() => cancelAfter(timeout, '10')).toThrow(TypeError);
    // @ts-expect-error a timer needs a timeout
    expect(() => cancelAfter(timeout)).toThrow(TypeError);
  });
});
