// asyncImmediate(executor, token): a trivial operation that completes at once, delivered through
// the handler's associated immediate executor (Asio's async_immediate). Scenarios follow Asio's
// src/tests/unit/bind_immediate_executor.cpp, plus the completion rules of ARCHITECTURE.md.

import {
  asTuple,
  asyncImmediate,
  bindExecutor,
  bindImmediateExecutor,
  deferred,
  inlineExecutor,
  IoContext,
  makeStrand,
  post,
  systemExecutor,
  useFuture,
  type DeferredOperation,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('asyncImmediate: default delivery posts to the I/O executor', () => {
  test('the handler never runs inside the call; it runs when the I/O context runs', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncImmediate(ioc, () => order.push('handler'));
    order.push('after call');
    expect(order).toEqual(['after call']);
    await expect(ioc.run()).resolves.toBe(1);
    expect(order).toEqual(['after call', 'handler']);
  });

  test('not inline even when called from inside a handler of the I/O context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      asyncImmediate(ioc, () => order.push('handler'));
      order.push('initiator done');
    });
    await ioc.run();
    expect(order).toEqual(['initiator done', 'handler']);
  });

  test('completes after handlers already queued (it is a post)', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => order.push('queued first'));
    asyncImmediate(ioc, () => order.push('immediate'));
    post(ioc, () => order.push('queued last'));
    await ioc.run();
    expect(order).toEqual(['queued first', 'immediate', 'queued last']);
  });

  test('the system executor as I/O executor: runs after the call, on a microtask while the host is fair', async () => {
    let ran = false;
    asyncImmediate(systemExecutor, () => {
      ran = true;
    });
    expect(ran).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(ran).toBe(true);
  });
});

describe('asyncImmediate with an associated immediate executor', () => {
  test('bindImmediateExecutor(inlineExecutor, h) runs h inside the call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncImmediate(ioc, bindImmediateExecutor(inlineExecutor, () => order.push('handler')));
    order.push('after call');
    expect(order).toEqual(['handler', 'after call']);
    // Nothing was left queued or held on the I/O context.
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('bindImmediateExecutor(ioc2, h) on ioc1: h runs when ioc2 runs, not ioc1 (Asio)', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    asyncImmediate(ioc1, bindImmediateExecutor(ioc2.getExecutor(), () => count++));
    await ioc1.run();
    expect(count).toBe(0);
    await ioc2.run();
    expect(count).toBe(1);
  });

  test('the outermost binding wins when immediate executors are bound twice (Asio)', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    asyncImmediate(ioc1.getExecutor(), bindImmediateExecutor(ioc2.getExecutor(), bindImmediateExecutor(systemExecutor, () => count++)));
    await ioc1.run();
    expect(count).toBe(0);
    await nextMacrotask();
    expect(count).toBe(0);
    await ioc2.run();
    expect(count).toBe(1);
  });

  test('binding an immediate executor to a token: the token\'s handler is delivered through it (Asio, token forms)', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const p = asyncImmediate(ioc1, bindImmediateExecutor(ioc2, useFuture));
    let settled = false;
    void p.then(() => {
      settled = true;
    });
    await ioc1.run();
    await Promise.resolve();
    expect(settled).toBe(false);
    await ioc2.run();
    await p;
    expect(settled).toBe(true);
  });

  test('a deferred asyncImmediate launched with a bound handler (Asio partial_bind_immediate_executor)', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    asyncImmediate(ioc1)(bindImmediateExecutor(ioc2, () => count++));
    await ioc1.run();
    expect(count).toBe(0);
    await ioc2.run();
    expect(count).toBe(1);
  });
});

describe('asyncImmediate: the handler\'s associated executor still applies', () => {
  test('default immediate executor + bindExecutor(ioc2, h): posted to ioc1, then run on ioc2, whose run() waits for it', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    asyncImmediate(ioc1, bindExecutor(ioc2, () => order.push(`h on ioc2: ${ioc2.getExecutor().runningInThisThread()}`)));
    const run2 = ioc2.run().then(() => order.push('ioc2.run resolved'));
    await nextMacrotask();
    expect(order).toEqual([]);
    await ioc1.run();
    await run2;
    expect(order).toEqual(['h on ioc2: true', 'ioc2.run resolved']);
  });

  test('bindExecutor(ioc2, bindImmediateExecutor(inlineExecutor, h)) from outside ioc2: not inline, queued on ioc2', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    asyncImmediate(ioc1, bindExecutor(ioc2, bindImmediateExecutor(inlineExecutor, () => order.push('h'))));
    order.push('after call');
    expect(order).toEqual(['after call']);
    await ioc2.run();
    expect(order).toEqual(['after call', 'h']);
  });

  test('the same from inside a handler of ioc2: runs inline there', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    post(ioc2, () => {
      asyncImmediate(ioc1, bindExecutor(ioc2, bindImmediateExecutor(inlineExecutor, () => order.push('h'))));
      order.push('after call');
    });
    await ioc2.run();
    expect(order).toEqual(['h', 'after call']);
  });

  test('a handler bound to a strand runs inside the strand', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const seen: boolean[] = [];
    asyncImmediate(ioc, bindExecutor(s, () => seen.push(s.runningInThisThread())));
    await ioc.run();
    expect(seen).toEqual([true]);
  });
});

describe('asyncImmediate with completion tokens', () => {
  test('useFuture resolves with undefined', async () => {
    const ioc = new IoContext();
    const p = asyncImmediate(ioc, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    await ioc.run();
    await expect(p).resolves.toBeUndefined();
  });

  test('omitting the token (or deferred) returns a deferred operation; launching it still never runs inline', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const op = asyncImmediate(ioc);
    const op2 = asyncImmediate(ioc, deferred);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[]>>();
    expect(typeof op).toBe('function');
    await ioc.run();
    expect(order).toEqual([]);
    ioc.restart();
    op(() => order.push('op'));
    op2(() => order.push('op2'));
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['op', 'op2']);
  });

  test('asTuple(useFuture) resolves with []', async () => {
    const p = asyncImmediate(systemExecutor, asTuple(useFuture));
    await expect(p).resolves.toEqual([]);
  });

  test('run() does not return before an immediate completion was delivered', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const p = asyncImmediate(ioc, useFuture).then(() => order.push('promise settled'));
    await ioc.run().then(() => order.push('run resolved'));
    await p;
    expect(order).toEqual(['promise settled', 'run resolved']);
  });
});
