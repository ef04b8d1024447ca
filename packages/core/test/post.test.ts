// post(executor?, token?): queue the handler, never run it inside the call (Asio's post; Asio's
// own post.cpp is a compile check, so the scenarios come from io_context.cpp and the Asio
// reference for post: the handler runs through its associated executor, holding work there).
import {
  asTuple,
  bindExecutor,
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
import { nextMacrotask } from './helpers/macrotask';

describe('post with a function handler', () => {
  test('never runs the handler inside the call, not even from inside a handler of the same context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      post(ioc, () => order.push('inner'));
      order.push('outer done');
    });
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['outer done', 'inner']);
  });

  test('accepts a context or its executor, and keeps FIFO order across both', async () => {
    const ioc = new IoContext();
    const order: number[] = [];
    post(ioc, () => order.push(1));
    post(ioc.getExecutor(), () => order.push(2));
    post(ioc, () => order.push(3));
    await expect(ioc.run()).resolves.toBe(3);
    expect(order).toEqual([1, 2, 3]);
  });

  test('returns undefined for a function handler', () => {
    const ioc = new IoContext();
    const r = post(ioc, () => undefined);
    expect(r).toBeUndefined();
    expectTypeOf(r).toEqualTypeOf<void>();
  });

  test('without an executor, the handler goes to its associated executor (default: the system executor)', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(bindExecutor(ioc, () => order.push('bound to ioc')));
    post(() => order.push('system'));
    expect(order).toEqual([]);
    // Only the bound handler ran on ioc; the other went to the system executor, which drains on a
    // microtask (it used to be a macrotask, after which this checked the order in two steps).
    await expect(ioc.run()).resolves.toBe(1);
    await nextMacrotask();
    expect(order).toEqual(['bound to ioc', 'system']);
  });

  test('post(ioc1, bindExecutor(ioc2, h)) runs h on ioc2, and ioc2.run() does not return before it ran', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    post(ioc1, bindExecutor(ioc2, () => order.push(`h (ioc2 running: ${ioc2.getExecutor().runningInThisThread()})`)));
    // ioc2 starts first: the handler is not on its queue yet, but the pending post holds work on it.
    const run2 = ioc2.run().then((n) => order.push(`ioc2.run resolved with ${n}`));
    await nextMacrotask();
    expect(order).toEqual([]);
    order.push('ioc1.run called');
    await expect(ioc1.run()).resolves.toBe(1);
    await run2;
    expect(order).toEqual(['ioc1.run called', 'h (ioc2 running: true)', 'ioc2.run resolved with 1']);
  });

  test('post to a strand runs through the strand', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const seen: boolean[] = [];
    post(s, () => seen.push(s.runningInThisThread()));
    await ioc.run();
    expect(seen).toEqual([true]);
  });

  test('post(systemExecutor, h) runs h later, on a microtask while the host had a macrotask turn recently', async () => {
    // This used to assert a macrotask; the system executor now drains on a microtask until 1,024
    // handlers ran without a macrotask turn (system-executor.test.ts covers that bound).
    await nextMacrotask();
    let ran = false;
    post(systemExecutor, () => {
      ran = true;
    });
    expect(ran).toBe(false);
    await Promise.resolve();
    expect(ran).toBe(true);
  });

  test('post(inlineExecutor, h) runs h at once: the inline executor is the one that opts into it', () => {
    let ran = false;
    post(inlineExecutor, () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});

describe('post with completion tokens', () => {
  test('useFuture: a Promise<void> that resolves once the context ran the handler', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const p = post(ioc, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    expect(p).toBeInstanceOf(Promise);
    let settled = false;
    void p.then(() => {
      settled = true;
    });
    post(ioc, () => order.push('after'));
    await nextMacrotask();
    expect(settled).toBe(false);
    await ioc.run();
    await expect(p).resolves.toBeUndefined();
    expect(settled).toBe(true);
    expect(order).toEqual(['after']);
  });

  test('deferred, explicit or by omitting the token: nothing is queued until the operation is launched', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const op1 = post(ioc, deferred);
    const op2 = post(ioc);
    expectTypeOf(op1).toEqualTypeOf<DeferredOperation<[]>>();
    expectTypeOf(op2).toEqualTypeOf<DeferredOperation<[]>>();
    expect(typeof op1).toBe('function');
    post(ioc, () => order.push('plain'));
    op2(() => order.push('op2'));
    op1(() => order.push('op1'));
    await ioc.run();
    expect(order).toEqual(['plain', 'op2', 'op1']);
  });

  test('a deferred post launched with useFuture, or awaited directly', async () => {
    const ioc = new IoContext();
    const p1 = post(ioc)(useFuture);
    const awaited = (async () => {
      await post(ioc);
      return 'awaited';
    })();
    // `await` launches the operation (calls its then()) on a later microtask: let it.
    await Promise.resolve();
    await ioc.run();
    await expect(p1).resolves.toBeUndefined();
    await expect(awaited).resolves.toBe('awaited');
  });

  test('a deferred operation launches once', () => {
    const ioc = new IoContext();
    const op = post(ioc);
    op(() => undefined);
    expect(() => op(() => undefined)).toThrow(TypeError);
  });

  test('a token adapter composes: asTuple(useFuture) resolves with []', async () => {
    const ioc = new IoContext();
    const p = post(ioc, asTuple(useFuture));
    await ioc.run();
    await expect(p).resolves.toEqual([]);
  });

  test('bindExecutor over a token: the token\'s handler runs on the bound executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let ranOn2 = false;
    const p = post(ioc1, bindExecutor(ioc2, useFuture)).then(() => {
      ranOn2 = true;
    });
    await ioc1.run();
    await Promise.resolve();
    expect(ranOn2).toBe(false);
    await ioc2.run();
    await p;
    expect(ranOn2).toBe(true);
  });

  test('an awaited deferred post on the system executor', async () => {
    const order: string[] = [];
    const op = post(systemExecutor);
    systemExecutor.post(() => order.push('queued before the launch'));
    await op;
    order.push('awaited');
    expect(order).toEqual(['queued before the launch', 'awaited']);
  });

  test('post(useFuture) with no executor completes on the system executor', async () => {
    await expect(post(useFuture)).resolves.toBeUndefined();
  });
});
