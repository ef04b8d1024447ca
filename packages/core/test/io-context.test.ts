// IoContext: the handler queue and its run loop. Scenarios follow Asio's
// src/tests/unit/io_context.cpp (io_context_test, io_context_executor_execute_test), plus the
// JavaScript-specific ones: run() is a Promise, and a flood of handlers must not starve the host.

import { bindExecutor, dispatch, IoContext, IoContextExecutor, makeWorkGuard, post, systemExecutor } from '@asio-ts/core';

/** A macrotask turn of the host loop (lets setImmediate/setTimeout(0)-style callbacks run). */
const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
