// IoContext: the handler queue and its run loop. Scenarios follow Asio's
// src/tests/unit/io_context.cpp (io_context_test, io_context_executor_execute_test), plus the
// JavaScript-specific ones: run() is a Promise, and a flood of handlers must not starve the host.
// This file: the basics; the other io-context-*.test.ts files hold the rest.

import { bindExecutor, dispatch, IoContext, IoContextExecutor, post } from '@asio-ts/core';

describe('IoContext basics', () => {
  test('a posted handler runs only once run() is called; run() resolves with the count and the context is then stopped', async () => {
    const ioc = new IoContext();
    let count = 0;
    post(ioc, () => count++);

    expect(ioc.stopped()).toBe(false);
    expect(count).toBe(0);

    await expect(ioc.run()).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(1);
  });

  test('handlers run in the order they were posted, and run() counts every one', async () => {
    const ioc = new IoContext();
    const order: number[] = [];
    for (let i = 0; i < 5; i++) post(ioc, () => order.push(i));
    expect(order).toEqual([]);
    await expect(ioc.run()).resolves.toBe(5);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  test('getExecutor() returns the same executor every call, tied to its context', () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    expect(ioc.getExecutor()).toBe(ex);
    expect(ex).toBeInstanceOf(IoContextExecutor);
    expect(ex.context()).toBe(ioc);
    expect(new IoContext().getExecutor()).not.toBe(ex);
  });

  test('run() with nothing to do resolves with 0 at once and leaves the context stopped', async () => {
    const ioc = new IoContext();
    await expect(ioc.run()).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('once run() ran out of work, nothing runs until restart()', async () => {
    const ioc = new IoContext();
    await ioc.run();
    expect(ioc.stopped()).toBe(true);

    let count = 0;
    post(ioc, () => count++);
    await expect(ioc.run()).resolves.toBe(0);
    expect(ioc.poll()).toBe(0);
    expect(ioc.pollOne()).toBe(0);
    await expect(ioc.runOne()).resolves.toBe(0);
    expect(count).toBe(0);

    ioc.restart();
    expect(ioc.stopped()).toBe(false);
    await expect(ioc.run()).resolves.toBe(1);
    expect(count).toBe(1);
  });

  test('a handler posted from a handler does not run nested: it runs after the current one returns', async () => {
    // Asio's decrement_to_zero.
    const ioc = new IoContext();
    let count = 10;
    const checks: boolean[] = [];
    const decrementToZero = (): void => {
      if (count > 0) {
        count--;
        const before = count;
        post(ioc, decrementToZero);
        checks.push(count === before);
      }
    };
    post(ioc, decrementToZero);
    expect(count).toBe(10);
    await expect(ioc.run()).resolves.toBe(11);
    expect(count).toBe(0);
    expect(checks).toEqual(Array(10).fill(true));
  });

  test('dispatch from inside a handler runs nested, at once', async () => {
    // Asio's nested_decrement_to_zero.
    const ioc = new IoContext();
    let count = 10;
    const zeroAfterDispatch: boolean[] = [];
    const nested = (): void => {
      if (count > 0) {
        count--;
        dispatch(ioc, nested);
        zeroAfterDispatch.push(count === 0);
      }
    };
    post(ioc, nested);
    expect(count).toBe(10);
    await expect(ioc.run()).resolves.toBe(1);
    expect(count).toBe(0);
    expect(zeroAfterDispatch).toEqual(Array(10).fill(true));
  });

  test('dispatch from outside run() queues: nothing runs until run()', async () => {
    const ioc = new IoContext();
    let count = 10;
    const nested = (): void => {
      if (count > 0) {
        count--;
        dispatch(ioc, nested);
      }
    };
    dispatch(ioc, nested);
    expect(count).toBe(10);
    expect(ioc.stopped()).toBe(false);
    await ioc.run();
    expect(count).toBe(0);
  });

  test('a handler bound to a second context runs only when that context runs', async () => {
    // Asio: dispatch(ioc, bind_executor(ioc2, decrement_to_zero)).
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    let count = 10;
    const decrementToZero = (): void => {
      if (count > 0) {
        count--;
        post(ioc2, decrementToZero);
      }
    };
    dispatch(ioc, bindExecutor(ioc2, decrementToZero));
    await ioc.run();
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(10);

    await ioc2.run();
    expect(count).toBe(0);
  });

  test('runningInThisThread() is true only while one of its handlers is on the stack', async () => {
    const ioc = new IoContext();
    const other = new IoContext();
    const ex = ioc.getExecutor();
    const seen: boolean[] = [];
    expect(ex.runningInThisThread()).toBe(false);
    post(ioc, () => {
      seen.push(ex.runningInThisThread(), other.getExecutor().runningInThisThread());
      dispatch(ioc, () => seen.push(ex.runningInThisThread()));
    });
    await ioc.run();
    expect(seen).toEqual([true, false, true]);
    expect(ex.runningInThisThread()).toBe(false);
  });

  test('executor post/defer queue, dispatch outside run() queues too', async () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    const order: string[] = [];
    ex.post(() => order.push('post'));
    ex.defer(() => order.push('defer'));
    ex.dispatch(() => order.push('dispatch'));
    expect(order).toEqual([]);
    await expect(ioc.run()).resolves.toBe(3);
    expect(order).toEqual(['post', 'defer', 'dispatch']);
  });
});
