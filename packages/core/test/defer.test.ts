// defer(executor?, token?): queue the handler as a continuation of the current one (Asio's defer;
// its defer.cpp is a compile check). It never runs the handler inside the call, and handlers it
// queues from inside a handler run after the ones already queued.

import { bindExecutor, defer, deferred, IoContext, makeStrand, post, systemExecutor, useFuture, type DeferredOperation } from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('defer with a function handler', () => {
  test('never runs the handler inside the call, even from inside a handler of the same context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    defer(ioc, () => {
      defer(ioc, () => order.push('continuation'));
      order.push('first done');
    });
    expect(order).toEqual([]);
    await expect(ioc.run()).resolves.toBe(2);
    expect(order).toEqual(['first done', 'continuation']);
  });

  test('a continuation queued from a handler runs after handlers already queued', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      order.push('a');
      defer(ioc, () => order.push('a.continuation'));
    });
    post(ioc, () => order.push('b'));
    await ioc.run();
    expect(order).toEqual(['a', 'b', 'a.continuation']);
  });

  test('defer(ioc1, bindExecutor(ioc2, h)): h runs on ioc2, whose run() waits for it', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    defer(ioc1, bindExecutor(ioc2, () => order.push('h')));
    const run2 = ioc2.run().then(() => order.push('ioc2.run resolved'));
    await nextMacrotask();
    expect(order).toEqual([]);
    await ioc1.run();
    await run2;
    expect(order).toEqual(['h', 'ioc2.run resolved']);
  });

  test('defer on a strand and on the system executor', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    defer(s, () => order.push(`strand (inside: ${s.runningInThisThread()})`));
    await ioc.run();
    defer(systemExecutor, () => order.push('system'));
    expect(order).toEqual(['strand (inside: true)']);
    await nextMacrotask();
    expect(order).toEqual(['strand (inside: true)', 'system']);
  });

  test('without an executor, the handler\'s associated executor is used', async () => {
    const ioc = new IoContext();
    let ran = false;
    defer(bindExecutor(ioc, () => {
      ran = true;
    }));
    expect(ran).toBe(false);
    await ioc.run();
    expect(ran).toBe(true);
  });
});

describe('defer with completion tokens', () => {
  test('useFuture', async () => {
    const ioc = new IoContext();
    const p = defer(ioc, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    await ioc.run();
    await expect(p).resolves.toBeUndefined();
  });

  test('deferred, explicit or omitted: launched later, still never inline', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const op = defer(ioc);
    const op2 = defer(ioc, deferred);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[]>>();
    post(ioc, () => {
      op(() => order.push('op'));
      op2(() => order.push('op2'));
      order.push('launcher done');
    });
    await ioc.run();
    expect(order).toEqual(['launcher done', 'op', 'op2']);
  });
});

describe("defer(fn, executor, token): Asio 1.37's function form", () => {
  test('fn runs as a continuation, after handlers already queued; the token gets its result', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    let p: Promise<number> | undefined;
    post(ioc, () => {
      p = defer(
        () => {
          order.push('fn');
          return 4;
        },
        ioc,
        useFuture,
      );
      order.push('a');
    });
    post(ioc, () => order.push('b'));
    await ioc.run();
    expect(order).toEqual(['a', 'b', 'fn']);
    await expect(p).resolves.toBe(4);
  });

  test('a callback; without a token, a deferred operation', async () => {
    const ioc = new IoContext();
    const got: unknown[] = [];
    defer(() => 'v', ioc, (v) => got.push(v));
    const op = defer(() => 5, ioc);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[value: number]>>();
    const p = op(useFuture);
    expect(got).toEqual([]);
    await ioc.run();
    expect(got).toEqual(['v']);
    await expect(p).resolves.toBe(5);
  });

  test('an exception thrown by fn leaves run()', async () => {
    const ioc = new IoContext();
    const boom = new Error('boom');
    defer(
      () => {
        throw boom;
      },
      ioc,
      () => {},
    );
    await expect(ioc.run()).rejects.toBe(boom);
  });
});

