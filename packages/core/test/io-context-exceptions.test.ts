// IoContext: the handler queue and its run loop. Scenarios follow Asio's
// src/tests/unit/io_context.cpp (io_context_test, io_context_executor_execute_test), plus the
// JavaScript-specific ones: run() is a Promise, and a flood of handlers must not starve the host.
// This file: handlers that throw.

import { bindExecutor, IoContext, post } from '@asio-ts/core';

describe('IoContext handler exceptions', () => {
  test('a throwing handler rejects run() with its error; the queue stays intact and run() again continues', async () => {
    // Asio: throw_exception / increment x2 / throw_exception / increment, run() in a try loop.
    const ioc = new IoContext();
    let count = 0;
    const boom = (): never => {
      throw new Error('boom');
    };
    post(ioc, boom);
    post(ioc, () => count++);
    post(ioc, () => count++);
    post(ioc, boom);
    post(ioc, () => count++);
    expect(count).toBe(0);

    let exceptions = 0;
    for (;;) {
      try {
        await ioc.run();
        break;
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toBe('boom');
        exceptions++;
      }
    }
    expect(exceptions).toBe(2);
    expect(count).toBe(3);
    expect(ioc.stopped()).toBe(true);
  });

  test('the exact thrown value is what run() rejects with, and the executor is no longer "running" afterwards', async () => {
    const ioc = new IoContext();
    const thrown = { reason: 'not an Error' };
    post(ioc, () => {
      throw thrown;
    });
    await expect(ioc.run()).rejects.toBe(thrown);
    expect(ioc.getExecutor().runningInThisThread()).toBe(false);
    // The thrown handler's work was released: nothing is outstanding.
    await expect(ioc.run()).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('a throwing handler makes poll() throw; the rest stays queued', () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => order.push('a'));
    post(ioc, () => {
      throw new RangeError('bad');
    });
    post(ioc, () => order.push('c'));
    expect(() => ioc.poll()).toThrow(RangeError);
    expect(order).toEqual(['a']);
    expect(ioc.poll()).toBe(1);
    expect(order).toEqual(['a', 'c']);
  });

  test('a throwing handler with an associated executor does not leave work behind on that executor', async () => {
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    post(ioc2, bindExecutor(ioc, () => {
      throw new Error('bound boom');
    }));
    await ioc2.run(); // hands the handler over to ioc
    await expect(ioc.run()).rejects.toThrow('bound boom');
    await expect(ioc.run()).resolves.toBe(0);
  });
});
