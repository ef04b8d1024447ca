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
  useFuture,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { advance, recorder, recordingToken, type Outcome } from './helpers/deadline-outcomes';
import { asyncSleep, asyncWaitForever, flush, seenCancellations } from './helpers/ops';

// Fake clock for setTimeout/Date; the executors keep running on the real event loop.
beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask'] });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('cancelAfter', () => {
  // Asio's cancel_after_function_object_test, with a 100 ms / 5 s "timer" operation.
  test('cancels only when the timeout comes first; nested timeouts: the earliest wins', async () => {
    const { outcomes, handler } = recorder();

    asyncSleep(100, cancelAfter(5000, handler));
    await advance(100);
    expect(outcomes).toEqual(['ok']);

    asyncSleep(5000, cancelAfter(100, handler));
    await advance(99);
    expect(outcomes).toEqual(['ok']);
    await advance(1);
    expect(outcomes).toEqual(['ok', 'aborted']);

    asyncSleep(100, cancelAfter(5000, cancelAfter(10_000, handler)));
    await advance(100);
    expect(outcomes).toEqual(['ok', 'aborted', 'ok']);

    asyncSleep(5000, cancelAfter(100, cancelAfter(10_000, handler)));
    await advance(100);
    expect(outcomes).toEqual(['ok', 'aborted', 'ok', 'aborted']);

    asyncSleep(5000, cancelAfter(10_000, cancelAfter(100, handler)));
    await advance(100);
    expect(outcomes).toEqual(['ok', 'aborted', 'ok', 'aborted', 'aborted']);

    await advance(20_000);
    expect(outcomes).toHaveLength(5); // each handler ran exactly once
    expect(jest.getTimerCount()).toBe(0);
  });

  // Asio's cancel_after_completion_token_v2_test.
  test('with a token object', async () => {
    const outcomes: Outcome[] = [];
    asyncSleep(100, cancelAfter(5000, recordingToken(outcomes)));
    await advance(100);
    asyncSleep(5000, cancelAfter(100, recordingToken(outcomes)));
    await advance(100);
    asyncSleep(5000, cancelAfter(10_000, cancelAfter(100, recordingToken(outcomes))));
    await advance(100);
    expect(outcomes).toEqual(['ok', 'aborted', 'aborted']);
  });

  // Asio's partial_cancel_after_test: no token yet; the result is a deferred operation.
  test('without a token: a deferred operation, and the timer starts when it is launched', async () => {
    const { outcomes, handler } = recorder();
    const op = asyncSleep(5000, cancelAfter(100));
    await advance(1000); // not launched: no timer is running
    expect(jest.getTimerCount()).toBe(0);
    op(handler);
    await advance(99);
    expect(outcomes).toEqual([]);
    await advance(1);
    expect(outcomes).toEqual(['aborted']);

    asyncSleep(100, cancelAfter(5000))(handler);
    await advance(100);
    expect(outcomes).toEqual(['aborted', 'ok']);
  });

  test('with useFuture', async () => {
    const slow = asyncSleep(5000, cancelAfter(100, useFuture));
    expectTypeOf(slow).toEqualTypeOf<Promise<void>>();
    const settled = slow.catch((e: unknown) => e);
    await advance(100);
    expect(errorIs(await settled, errors.operationAborted)).toBe(true);
    const fast = asyncSleep(10, cancelAfter(100, useFuture));
    await advance(10);
    await expect(fast).resolves.toBeUndefined();
  });

  test('the timer is cleared when the operation completes first', async () => {
    const { outcomes, handler } = recorder();
    asyncSleep(10, cancelAfter(60_000, handler));
    expect(jest.getTimerCount()).toBe(2); // the operation's and the timeout's
    await advance(10);
    expect(outcomes).toEqual(['ok']);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the operation receives the requested cancellation type', async () => {
    const { outcomes, handler } = recorder();
    asyncSleep(5000, cancelAfter(100, handler, CancellationType.Partial));
    await advance(100);
    expect(outcomes).toEqual(['aborted']);
    expect(seenCancellations.at(-1)).toBe(CancellationType.Partial);
  });

  test('cancellation through the inner handler\'s own slot is still forwarded, and released at completion', async () => {
    const sig = new CancellationSignal();
    const { outcomes, handler } = recorder();
    asyncSleep(5000, cancelAfter(1000, bindCancellationSlot(sig.slot(), handler)));
    expect(sig.slot().hasHandler()).toBe(true);
    await advance(10);
    sig.emit();
    await flush(2);
    expect(outcomes).toEqual(['aborted']);
    expect(sig.slot().hasHandler()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the handler runs once even when the timeout and the completion coincide', async () => {
    const { outcomes, handler } = recorder();
    asyncSleep(100, cancelAfter(100, handler));
    await advance(100);
    await advance(100);
    expect(outcomes).toHaveLength(1);
  });

  test('the handler never runs inside the timer callback or the initiating call', async () => {
    const ioc = new IoContext();
    const { outcomes, handler } = recorder();
    asyncSleep(5000, cancelAfter(100, handler), ioc);
    expect(outcomes).toEqual([]);
    jest.advanceTimersByTime(100); // the timeout fires: completion is queued on ioc, not run
    expect(outcomes).toEqual([]);
    expect(ioc.poll()).toBe(1);
    expect(outcomes).toEqual(['aborted']);
  });

  test('timeouts beyond setTimeout\'s 2^31-1 ms limit do not fire early', async () => {
    const big = 2 ** 31 + 1000;
    const { outcomes, handler } = recorder();
    asyncWaitForever(cancelAfter(big, handler));
    await advance(10);
    expect(outcomes).toEqual([]);
    await advance(big - 11);
    expect(outcomes).toEqual([]);
    await advance(1);
    expect(outcomes).toEqual(['aborted']);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('Infinity never cancels, and sets no host timer', async () => {
    const { outcomes, handler } = recorder();
    const t = cancelAfter(Infinity, handler);
    expect(t.ms).toBe(Infinity);
    asyncSleep(10, t);
    expect(jest.getTimerCount()).toBe(1); // the operation's only
    await advance(10);
    expect(outcomes).toEqual(['ok']);
    asyncWaitForever(cancelAfter(Number.POSITIVE_INFINITY, handler));
    expect(jest.getTimerCount()).toBe(0);
    await advance(2 ** 40);
    expect(outcomes).toEqual(['ok']);
  });

  test('an operation that refuses to start leaves no timer behind', () => {
    const refuse = (token: unknown): unknown =>
      asyncInitiate(() => {
        throw new RangeError('bad argument');
      }, token);
    expect(() => refuse(cancelAfter(100, () => {}))).toThrow(RangeError);
    expect(jest.getTimerCount()).toBe(0);
    const sig = new CancellationSignal();
    expect(() => refuse(cancelAfter(100, bindCancellationSlot(sig.slot(), () => {})))).toThrow(RangeError);
    expect(sig.slot().hasHandler()).toBe(false);
  });

  test('programmer errors', () => {
    expect(() => cancelAfter(-1)).toThrow(RangeError);
    expect(() => cancelAfter(Number.NaN)).toThrow(RangeError);
    expect(() => cancelAfter(-Infinity)).toThrow(new RangeError('ms must be a non-negative number or Infinity, got -Infinity'));
    expect(() => cancelAfter('100' as never)).toThrow(TypeError);
    expect(() => cancelAfter(100, useFuture, -2)).toThrow(RangeError);
  });

  test('the token records its settings', () => {
    const t = cancelAfter(250, useFuture, CancellationType.Total);
    expect(t).toBeInstanceOf(CancelAfter);
    expect(t.ms).toBe(250);
    expect(t.type).toBe(CancellationType.Total);
    expect(t.token).toBe(useFuture);
    expect(t.at).toBeUndefined();
    expect(cancelAfter(1).token).toBe(deferred);
  });
});
