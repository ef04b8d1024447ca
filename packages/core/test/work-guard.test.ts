// WorkGuard: keeps a context running (not out of work) until reset() (Asio's
// executor_work_guard; its own unit test is a compile check, the behaviour is exercised by
// io_context.cpp's make_work_guard + stop + reset scenario, ported here and in
// io-context-work.test.ts).

import { IoContext, makeStrand, makeWorkGuard, post, systemExecutor, WorkGuard } from '@asio-ts/core';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WorkGuard', () => {
  test('makeWorkGuard takes a context or an executor; getExecutor() is that executor', () => {
    const ioc = new IoContext();
    const g1 = makeWorkGuard(ioc);
    const g2 = makeWorkGuard(ioc.getExecutor());
    expect(g1).toBeInstanceOf(WorkGuard);
    expect(g1.getExecutor()).toBe(ioc.getExecutor());
    expect(g2.getExecutor()).toBe(ioc.getExecutor());
    g1.reset();
    g2.reset();
  });

  test('ownsWork() is true until reset(), which is idempotent', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const other = makeWorkGuard(ioc);
    expect(guard.ownsWork()).toBe(true);
    guard.reset();
    expect(guard.ownsWork()).toBe(false);
    guard.reset();
    guard.reset();
    // The repeated resets did not release the other guard's work: run() still waits.
    let resolved = false;
    const running = ioc.run().then(() => {
      resolved = true;
    });
    await nextMacrotask();
    await nextMacrotask();
    expect(resolved).toBe(false);
    other.reset();
    await running;
    expect(resolved).toBe(true);
  });

  test('run() keeps waiting while a guard is held, runs what arrives, and resolves after reset()', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const order: string[] = [];
    const running = ioc.run().then((n) => order.push(`run resolved with ${n}`));
    setImmediate(() => post(ioc, () => order.push('handler 1')));
    await nextMacrotask();
    await nextMacrotask();
    post(ioc, () => {
      order.push('handler 2 resets the guard');
      guard.reset();
    });
    await running;
    expect(order).toEqual(['handler 1', 'handler 2 resets the guard', 'run resolved with 2']);
    expect(ioc.stopped()).toBe(true);
  });

  test('a guard does not prevent stop()', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    post(ioc, () => ioc.stop());
    await expect(ioc.run()).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
    expect(guard.ownsWork()).toBe(true);
    guard.reset();
  });

  test('a guard on a strand holds work on the strand\'s context', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const guard = makeWorkGuard(strand);
    let resolved = false;
    const running = ioc.run().then(() => {
      resolved = true;
    });
    await nextMacrotask();
    expect(resolved).toBe(false);
    guard.reset();
    await running;
    expect(resolved).toBe(true);
  });

  test('a guard on the system executor is harmless', () => {
    const guard = makeWorkGuard(systemExecutor);
    expect(guard.getExecutor()).toBe(systemExecutor);
    guard.reset();
    expect(guard.ownsWork()).toBe(false);
  });

  test('the WorkGuard constructor takes an executor and starts work on it', async () => {
    const ioc = new IoContext();
    const guard = new WorkGuard(ioc.getExecutor());
    let resolved = false;
    const running = ioc.run().then(() => {
      resolved = true;
    });
    await nextMacrotask();
    expect(resolved).toBe(false);
    guard.reset();
    await running;
  });
});
