// IoContext: the handler queue and its run loop. Scenarios follow Asio's
// src/tests/unit/io_context.cpp (io_context_test, io_context_executor_execute_test), plus the
// JavaScript-specific ones: run() is a Promise, and a flood of handlers must not starve the host.
// This file: sharing the host's event loop and its budget.

import { IoContext, makeWorkGuard, post, systemExecutor } from '@asio-ts/core';
import { nextMacrotask } from './helpers/macrotask';

describe('IoContext and the host event loop', () => {
  test('a flood of 100,000 self-reposting handlers does not starve setTimeout(0) or setImmediate', async () => {
    const ioc = new IoContext();
    const floodSize = 100_000;
    const maxHops = 20; // bound on how long the flood could last if the host were starved
    let ran = 0;
    let posted = 0;
    let timerSaw = -1;
    let immediateSaw = -1;
    let pendingAtTimer = -1;
    let pendingAtImmediate = -1;

    let armed = false;
    // Armed from inside the flood, once it runs, so they can only fire while or after it runs.
    const arm = (): void => {
      armed = true;
      setTimeout(() => {
        timerSaw = ran;
        pendingAtTimer = posted - ran;
      }, 0);
      setImmediate(() => {
        immediateSaw = ran;
        pendingAtImmediate = posted - ran;
      });
    };

    for (let i = 0; i < floodSize; i++) {
      let hops = 0;
      const handler = (): void => {
        ran++;
        if (!armed) arm();
        // Keep the flood going until both host callbacks had their turn (or the bound is hit).
        if ((timerSaw < 0 || immediateSaw < 0) && ++hops < maxHops) {
          posted++;
          post(ioc, handler);
        }
      };
      posted++;
      post(ioc, handler);
    }

    const total = await ioc.run();
    expect(total).toBe(ran);
    expect(ran).toBe(posted);
    // Both host callbacks ran while the flood was still going, not after it.
    expect(timerSaw).toBeGreaterThan(0);
    expect(immediateSaw).toBeGreaterThan(0);
    expect(timerSaw).toBeLessThan(ran);
    expect(immediateSaw).toBeLessThan(ran);
    expect(pendingAtTimer).toBeGreaterThan(0);
    expect(pendingAtImmediate).toBeGreaterThan(0);
    // ...and the flood stopped because they ran, not because it hit its bound.
    expect(ran).toBeLessThan(floodSize * maxHops);
  });
});

// run() shares the host's thread by the system executor's rule (detail/host.ts): it runs on, and
// wakes for new work on microtasks while the host had a macrotask turn recently, and yields a
// macrotask turn once 1,024 handlers (counted across every queue) ran without one.
describe('IoContext.run() and the host budget', () => {
  const batchLimit = 1024;

  test('run() woken by work posted from a promise continuation goes on at once, on a microtask', async () => {
    await nextMacrotask();
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const order: string[] = [];
    const running = ioc.run();
    setImmediate(() => order.push('setImmediate'));
    void Promise.resolve().then(() => post(ioc, () => order.push('handler')));
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['handler']);
    guard.reset();
    await running;
    await nextMacrotask();
    expect(order).toEqual(['handler', 'setImmediate']);
  });

  test('a ping-pong through promise continuations yields a macrotask turn after 1,024 handlers', async () => {
    // Each batch runs one handler and run() then waits for work: the count adds up across the
    // waits, as the system executor's does across its drains.
    await nextMacrotask();
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    let completed = 0;
    let seenByImmediate = -1;
    setImmediate(() => {
      seenByImmediate = completed;
    });
    const step = (): void => {
      completed++;
      if (seenByImmediate < 0 && completed < 10 * batchLimit) void Promise.resolve().then(() => post(ioc, step));
      else guard.reset();
    };
    post(ioc, step);
    await ioc.run();
    expect(seenByImmediate).toBe(batchLimit);
  });

  test('a queue longer than the budget: 1,024 handlers, the host\'s turn, then the rest in order', async () => {
    await nextMacrotask();
    const ioc = new IoContext();
    const order: Array<number | string> = [];
    setImmediate(() => order.push('setImmediate'));
    const total = 2 * batchLimit + 10;
    for (let i = 0; i < total; i++) post(ioc, () => order.push(i));
    await expect(ioc.run()).resolves.toBe(total);
    expect(order.indexOf('setImmediate')).toBe(batchLimit);
    expect(order.filter((x) => typeof x === 'number')).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  test('the budget is shared: handlers the system executor ran count for run() too', async () => {
    await nextMacrotask();
    const ioc = new IoContext();
    const order: string[] = [];
    setImmediate(() => order.push('setImmediate'));
    // 1,000 on the system executor, on the microtask drain, then 100 on the context.
    for (let i = 0; i < 1000; i++) systemExecutor.post(() => undefined);
    await new Promise<void>((resolve) => systemExecutor.post(resolve));
    for (let i = 0; i < 100; i++) post(ioc, () => order.push(`h${i}`));
    await ioc.run();
    // 1,001 ran on the system executor, so 23 fit before the host's turn.
    expect(order.indexOf('setImmediate')).toBe(batchLimit - 1001);
  });

  test('a loop of `await runOne()` yields to the host after 1,024 handlers too', async () => {
    await nextMacrotask();
    const ioc = new IoContext();
    let seenByImmediate = -1;
    let completed = 0;
    setImmediate(() => {
      seenByImmediate = completed;
    });
    for (let i = 0; i < 2 * batchLimit; i++) post(ioc, () => completed++);
    while ((await ioc.runOne()) === 1);
    expect(completed).toBe(2 * batchLimit);
    expect(seenByImmediate).toBe(batchLimit);
  });
});
