// systemExecutor: the host event loop as an executor (Asio's system_executor). Asio's
// src/tests/unit/system_executor.cpp submits functions every way the executor allows and checks
// each ran; here: post/defer run later on the host loop, dispatch runs at once, no work is tracked.

import { dispatch, isExecutor, post, systemExecutor, useFuture } from '@asio-ts/core';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('systemExecutor', () => {
  test('is an executor, frozen', () => {
    expect(isExecutor(systemExecutor)).toBe(true);
    expect(Object.isFrozen(systemExecutor)).toBe(true);
  });

  test('every way of submitting a function runs it exactly once', async () => {
    let count = 0;
    systemExecutor.post(() => count++);
    systemExecutor.defer(() => count++);
    systemExecutor.dispatch(() => count++);
    post(systemExecutor, () => count++);
    dispatch(systemExecutor, () => count++);
    post(() => count++); // no executor: the handler's associated executor, the system executor
    await post(systemExecutor, useFuture);
    expect(count).toBe(6);
    await nextMacrotask();
    expect(count).toBe(6);
  });

  test('post and defer never run inside the call; they run FIFO on a later microtask', async () => {
    // Before the microtask drain this asserted a macrotask: with the host's budget fresh (see
    // "sharing the host's thread" below), a drain now runs on a microtask, as queueMicrotask would.
    await nextMacrotask();
    const order: string[] = [];
    systemExecutor.post(() => order.push('post 1'));
    systemExecutor.defer(() => order.push('defer'));
    systemExecutor.post(() => order.push('post 2'));
    order.push('caller');
    expect(order).toEqual(['caller']);
    await Promise.resolve();
    expect(order).toEqual(['caller', 'post 1', 'defer', 'post 2']);
  });

  test('dispatch runs at once, on the caller\'s stack', () => {
    const order: string[] = [];
    systemExecutor.dispatch(() => order.push('dispatched'));
    order.push('after');
    expect(order).toEqual(['dispatched', 'after']);
  });

  test('a handler posted from a posted handler runs after the ones already queued', async () => {
    const order: string[] = [];
    systemExecutor.post(() => {
      order.push('a');
      systemExecutor.post(() => order.push('a.child'));
    });
    systemExecutor.post(() => order.push('b'));
    await post(systemExecutor, useFuture);
    await nextMacrotask();
    expect(order).toEqual(['a', 'b', 'a.child']);
  });

  test('work tracking is a no-op and it always counts as "running in this thread"', () => {
    expect(() => {
      systemExecutor.onWorkStarted();
      systemExecutor.onWorkFinished();
      systemExecutor.onWorkFinished();
    }).not.toThrow();
    expect(systemExecutor.runningInThisThread()).toBe(true);
  });

  test('a flood of self-reposting handlers does not starve setTimeout(0)', async () => {
    let ran = 0;
    let timerSaw = -1;
    const maxHops = 20;
    let timerArmed = false;
    let outstanding = 0;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    for (let i = 0; i < 50_000; i++) {
      let hops = 0;
      const handler = (): void => {
        ran++;
        if (!timerArmed) {
          // Armed from inside the flood, so it can only fire while or after the flood runs.
          timerArmed = true;
          setTimeout(() => {
            timerSaw = ran;
          }, 0);
        }
        if (timerSaw < 0 && ++hops < maxHops) systemExecutor.post(handler);
        else if (--outstanding === 0) finish();
      };
      outstanding++;
      systemExecutor.post(handler);
    }
    await done;
    expect(timerSaw).toBeGreaterThan(0);
    expect(timerSaw).toBeLessThan(ran);
    expect(ran).toBeLessThan(50_000 * maxHops);
  });
});

// The rule (detail/host.ts): a drain runs on a microtask while the host had a macrotask turn
// recently; once 1,024 handlers (`batchLimit`, counted across every queue) ran without one, the
// next drain is on a macrotask. Each test starts after a macrotask turn, so with a fresh budget.
describe('systemExecutor sharing the host thread', () => {
  const batchLimit = 1024;

  test('a posted handler runs on a microtask: before a setImmediate or a setTimeout(0) queued before it', async () => {
    await nextMacrotask();
    const order: string[] = [];
    const immediate = new Promise<void>((resolve) => setImmediate(() => resolve(void order.push('setImmediate'))));
    const timeout = new Promise<void>((resolve) => setTimeout(() => resolve(void order.push('setTimeout 0')), 0));
    systemExecutor.post(() => order.push('posted'));
    await Promise.resolve();
    expect(order).toEqual(['posted']);
    await Promise.all([immediate, timeout]);
    expect(order[0]).toBe('posted');
    expect(order).toHaveLength(3);
  });

  test('after 1,024 handlers without a macrotask turn, the next drain is on a macrotask', async () => {
    await nextMacrotask();
    const order: Array<number | string> = [];
    // Queued before any of the handlers: on the macrotask queue ahead of the drain that moves there.
    setImmediate(() => order.push('setImmediate'));
    const total = 2 * batchLimit + 10;
    for (let i = 0; i < total; i++) systemExecutor.post(() => order.push(i));
    await new Promise<void>((resolve) => systemExecutor.post(resolve));
    // Handlers 0..1023 ran on the microtask drain, then the host had its turn, then the rest,
    // still FIFO (the next 1,024 on one macrotask, the last ten on a microtask after it).
    const at = order.indexOf('setImmediate');
    expect(at).toBe(batchLimit);
    expect(order.filter((x) => typeof x === 'number')).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  test('a ping-pong of drains (each handler posts the next from a promise continuation) is cut after 1,024 handlers', async () => {
    // Every drain runs one handler and leaves the queue empty: the count must add up across
    // drains, and only a macrotask turn restarts it.
    await nextMacrotask();
    let completed = 0;
    let seenByImmediate = -1;
    setImmediate(() => {
      seenByImmediate = completed;
    });
    while (seenByImmediate < 0 && completed < 10 * batchLimit) {
      await new Promise<void>((resolve) => systemExecutor.post(resolve));
      completed++;
    }
    expect(seenByImmediate).toBe(batchLimit);
  });

  test('the same bound holds for `await post(systemExecutor, useFuture)` loops', async () => {
    await nextMacrotask();
    let completed = 0;
    let seenByImmediate = -1;
    setImmediate(() => {
      seenByImmediate = completed;
    });
    while (seenByImmediate < 0 && completed < 10 * batchLimit) {
      await post(systemExecutor, useFuture);
      completed++;
    }
    // At least one iteration per microtask drain, at most 1,024 before the host's turn.
    expect(seenByImmediate).toBeGreaterThan(0);
    expect(seenByImmediate).toBeLessThanOrEqual(batchLimit);
  });

  test('a self-reposting flood of 100,000 re-posts lets a setTimeout(1) fire before it ends', async () => {
    await nextMacrotask();
    const reposts = 100_000;
    let ran = 0;
    let timerSaw = -1;
    setTimeout(() => {
      timerSaw = ran;
    }, 1);
    await new Promise<void>((resolve) => {
      const handler = (): void => {
        // Keeps going whatever the timer does: the flood does not cooperate.
        if (ran++ < reposts) systemExecutor.post(handler);
        else resolve();
      };
      systemExecutor.post(handler);
    });
    expect(ran).toBe(reposts + 1);
    expect(timerSaw).toBeGreaterThan(0);
    expect(timerSaw).toBeLessThan(ran);
  });

  test('a post from inside a handler runs after it and after those already queued, in call order', async () => {
    await nextMacrotask();
    const order: string[] = [];
    systemExecutor.post(() => {
      order.push('a');
      systemExecutor.post(() => order.push('a.1'));
      systemExecutor.defer(() => order.push('a.2'));
      order.push('a done');
    });
    systemExecutor.post(() => {
      order.push('b');
      systemExecutor.post(() => order.push('b.1'));
    });
    await new Promise<void>((resolve) => systemExecutor.post(resolve));
    await Promise.resolve();
    expect(order).toEqual(['a', 'a done', 'b', 'a.1', 'a.2', 'b.1']);
  });

  test('fake timers installed after loading (jest.useFakeTimers fakes queueMicrotask) do not hold the drain back', async () => {
    await nextMacrotask();
    jest.useFakeTimers();
    try {
      let ran = false;
      systemExecutor.post(() => {
        ran = true;
      });
      await Promise.resolve();
      expect(ran).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
