// IoContext: the handler queue and its run loop. Scenarios follow Asio's
// src/tests/unit/io_context.cpp (io_context_test, io_context_executor_execute_test), plus the
// JavaScript-specific ones: run() is a Promise, and a flood of handlers must not starve the host.
// This file: outstanding work, stop() and restart().

import { IoContext, makeWorkGuard, post } from '@asio-ts/core';
import { nextMacrotask } from './helpers/macrotask';

describe('IoContext outstanding work', () => {
  test('run() waits for an operation holding work, then resolves after its handler ran', async () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    const order: string[] = [];
    // An operation in flight: it holds work until it hands its handler to the context.
    ex.onWorkStarted();
    setImmediate(() => {
      order.push('operation completes');
      post(ioc, () => order.push('handler'));
      ex.onWorkFinished();
    });
    const running = ioc.run().then((n) => {
      order.push('run resolved');
      return n;
    });
    expect(ioc.stopped()).toBe(false);
    await expect(running).resolves.toBe(1);
    expect(order).toEqual(['operation completes', 'handler', 'run resolved']);
    expect(ioc.stopped()).toBe(true);
  });

  test('run() waits while work is held even with an empty queue, and resolves once the work is released', async () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    ex.onWorkStarted();
    let resolved = false;
    const running = ioc.run().then((n) => {
      resolved = true;
      return n;
    });
    await nextMacrotask();
    await nextMacrotask();
    expect(resolved).toBe(false);
    expect(ioc.stopped()).toBe(false);
    ex.onWorkFinished();
    await expect(running).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('a work guard keeps run() going; stop() ends it; the guard reset lets a later run() finish', async () => {
    // Asio: make_work_guard + post(stop), then post(increment) + w.reset().
    const ioc = new IoContext();
    let count = 0;
    const guard = makeWorkGuard(ioc);
    post(ioc, () => ioc.stop());
    expect(ioc.stopped()).toBe(false);
    await expect(ioc.run()).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(0);

    ioc.restart();
    post(ioc, () => count++);
    guard.reset();
    expect(ioc.stopped()).toBe(false);
    expect(count).toBe(0);
    await expect(ioc.run()).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(1);
  });

  test('handlers posted while run() waits on a guard run at once, and run() keeps waiting until reset()', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const order: string[] = [];
    const running = ioc.run().then((n) => {
      order.push(`run resolved ${n}`);
    });
    await nextMacrotask();
    post(ioc, () => order.push('a'));
    await nextMacrotask();
    post(ioc, () => order.push('b'));
    await nextMacrotask();
    expect(order).toEqual(['a', 'b']);
    guard.reset();
    await running;
    expect(order).toEqual(['a', 'b', 'run resolved 2']);
  });

  test('stop() from outside while run() waits for work ends run() with the count so far', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    post(ioc, () => undefined);
    const running = ioc.run();
    await nextMacrotask();
    ioc.stop();
    await expect(running).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
    guard.reset();
  });

  test('several concurrent run() calls all resolve once the work is done', async () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    ex.onWorkStarted();
    const first = ioc.run();
    const second = ioc.run();
    setImmediate(() => {
      post(ioc, () => undefined);
      ex.onWorkFinished();
    });
    const counts = await Promise.all([first, second]);
    expect(counts[0]! + counts[1]!).toBe(1);
    expect(ioc.stopped()).toBe(true);
  });
});

describe('IoContext stop/restart', () => {
  test('stop() from inside a handler: the rest of the queue stays queued until restart() and run()', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => order.push('a'));
    post(ioc, () => {
      order.push('stop');
      ioc.stop();
    });
    post(ioc, () => order.push('c'));
    post(ioc, () => order.push('d'));

    await expect(ioc.run()).resolves.toBe(2);
    expect(order).toEqual(['a', 'stop']);
    expect(ioc.stopped()).toBe(true);

    // Still stopped: nothing runs.
    await expect(ioc.run()).resolves.toBe(0);
    expect(order).toEqual(['a', 'stop']);

    ioc.restart();
    await expect(ioc.run()).resolves.toBe(2);
    expect(order).toEqual(['a', 'stop', 'c', 'd']);
  });

  test('stop() before run() makes run() resolve with 0 without running anything', async () => {
    const ioc = new IoContext();
    let count = 0;
    post(ioc, () => count++);
    ioc.stop();
    expect(ioc.stopped()).toBe(true);
    await expect(ioc.run()).resolves.toBe(0);
    expect(count).toBe(0);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(1);
    expect(count).toBe(1);
  });
});
