// cancelAt (Asio's cancel_at): a token wrapper that cancels the operation at a deadline.
import { cancelAt, CancellationType, useFuture } from '@asio-ts/core';
import { advance, recorder } from './helpers/deadline-outcomes';
import { asyncSleep, asyncWaitForever } from './helpers/ops';

// Fake clock for setTimeout/Date; the executors keep running on the real event loop.
beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask'] });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('cancelAt', () => {
  // Asio's cancel_at_function_object_test.
  test('cancels at the deadline; nested deadlines: the earliest wins', async () => {
    const { outcomes, handler } = recorder();
    let now = Date.now();
    asyncSleep(100, cancelAt(now + 5000, handler));
    await advance(100);
    now = Date.now();
    asyncSleep(5000, cancelAt(now + 100, handler));
    await advance(99);
    expect(outcomes).toEqual(['ok']);
    await advance(1);
    now = Date.now();
    asyncSleep(100, cancelAt(now + 5000, cancelAt(now + 10_000, handler)));
    await advance(100);
    now = Date.now();
    asyncSleep(5000, cancelAt(now + 100, cancelAt(now + 10_000, handler)));
    await advance(100);
    now = Date.now();
    asyncSleep(5000, cancelAt(new Date(now + 10_000), cancelAt(new Date(now + 100), handler)));
    await advance(100);
    expect(outcomes).toEqual(['ok', 'aborted', 'ok', 'aborted', 'aborted']);
    await advance(20_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the delay to the deadline is measured when the operation starts, not when the token is made', async () => {
    const { outcomes, handler } = recorder();
    const token = cancelAt(Date.now() + 100, handler);
    await advance(80); // time passes before the operation starts
    asyncSleep(5000, token);
    await advance(19);
    expect(outcomes).toEqual([]);
    await advance(1); // the deadline, 20 ms after the start
    expect(outcomes).toEqual(['aborted']);
  });

  test('a deadline already past cancels right after the start, never inside the call', async () => {
    const { outcomes, handler } = recorder();
    asyncSleep(5000, cancelAt(Date.now() - 1000, handler));
    expect(outcomes).toEqual([]);
    await advance(0);
    expect(outcomes).toEqual(['aborted']);
  });

  // Asio's partial_cancel_at_test.
  test('without a token: a deferred operation', async () => {
    const { outcomes, handler } = recorder();
    const op = asyncSleep(5000, cancelAt(Date.now() + 100));
    op(handler);
    await advance(100);
    expect(outcomes).toEqual(['aborted']);
  });

  test('programmer errors', () => {
    expect(() => cancelAt(new Date(Number.NaN))).toThrow(TypeError);
    expect(() => cancelAt('tomorrow' as never)).toThrow(/time/);
    expect(() => cancelAt(Number.NaN)).toThrow(new RangeError('time must not be NaN'));
    expect(() => cancelAt(Date.now(), useFuture, 1.5)).toThrow(RangeError);
  });

  // As Asio's cancel_at with time_point::max() and ::min(), and as cancelAfter(Infinity).
  test('Infinity never cancels and sets no host timer; -Infinity cancels right after the start', async () => {
    const { outcomes, handler } = recorder();
    const never = cancelAt(Number.POSITIVE_INFINITY, handler);
    expect([never.at, never.ms]).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    asyncWaitForever(never);
    expect(jest.getTimerCount()).toBe(0);
    await advance(2 ** 40);
    expect(outcomes).toEqual([]);
    asyncSleep(5000, cancelAt(Number.NEGATIVE_INFINITY, handler));
    await advance(0);
    expect(outcomes).toEqual(['aborted']);
  });

  test('the token records its deadline', () => {
    const at = Date.now() + 500;
    const t = cancelAt(new Date(at), useFuture);
    expect(t.at).toBe(at);
    expect(t.type).toBe(CancellationType.Terminal);
  });
});
