// IoContext: the handler queue and its run loop. Scenarios follow Asio's
// src/tests/unit/io_context.cpp (io_context_test, io_context_executor_execute_test), plus the
// JavaScript-specific ones: run() is a Promise, and a flood of handlers must not starve the host.
// This file: runOne(), poll() and pollOne().

import { IoContext, makeWorkGuard, post } from '@asio-ts/core';

describe('IoContext runOne/poll/pollOne', () => {
  test('runOne() runs exactly one handler per call, then reports 0 once out of work', async () => {
    const ioc = new IoContext();
    const order: number[] = [];
    post(ioc, () => order.push(1));
    post(ioc, () => order.push(2));
    await expect(ioc.runOne()).resolves.toBe(1);
    expect(order).toEqual([1]);
    await expect(ioc.runOne()).resolves.toBe(1);
    expect(order).toEqual([1, 2]);
    await expect(ioc.runOne()).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('runOne() waits for a handler while work is outstanding', async () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    const order: string[] = [];
    ex.onWorkStarted();
    setImmediate(() => {
      post(ioc, () => order.push('handler'));
      ex.onWorkFinished();
    });
    await expect(ioc.runOne()).resolves.toBe(1);
    expect(order).toEqual(['handler']);
  });

  test('poll() runs every ready handler synchronously, including ones posted meanwhile, and never waits', () => {
    const ioc = new IoContext();
    let count = 3;
    const decrement = (): void => {
      if (count > 0) {
        count--;
        post(ioc, decrement);
      }
    };
    post(ioc, decrement);
    expect(ioc.poll()).toBe(4);
    expect(count).toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('poll() with work outstanding but nothing ready returns 0 and does not stop the context', () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    expect(ioc.poll()).toBe(0);
    expect(ioc.pollOne()).toBe(0);
    expect(ioc.stopped()).toBe(false);
    guard.reset();
    expect(ioc.poll()).toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('pollOne() runs at most one ready handler', () => {
    const ioc = new IoContext();
    const order: number[] = [];
    post(ioc, () => order.push(1));
    post(ioc, () => order.push(2));
    expect(ioc.pollOne()).toBe(1);
    expect(order).toEqual([1]);
    expect(ioc.stopped()).toBe(false);
    expect(ioc.pollOne()).toBe(1);
    expect(order).toEqual([1, 2]);
    expect(ioc.stopped()).toBe(true);
    expect(ioc.pollOne()).toBe(0);
  });

  test('stop() inside poll() stops it after the current handler', () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      order.push('stop');
      ioc.stop();
    });
    post(ioc, () => order.push('after'));
    expect(ioc.poll()).toBe(1);
    expect(order).toEqual(['stop']);
    ioc.restart();
    expect(ioc.poll()).toBe(1);
    expect(order).toEqual(['stop', 'after']);
  });
});
