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

  test('post and defer never run inside the call; they run FIFO on a later macrotask', async () => {
    const order: string[] = [];
    systemExecutor.post(() => order.push('post 1'));
    systemExecutor.defer(() => order.push('defer'));
    systemExecutor.post(() => order.push('post 2'));
    order.push('caller');
    await Promise.resolve(); // microtasks are not enough: these are macrotasks
    expect(order).toEqual(['caller']);
    await nextMacrotask();
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
