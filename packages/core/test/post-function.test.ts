// post(fn, executor, token): Asio 1.37's function form. fn runs on the executor, never inside the
// call; its result (or its exception) completes the token through the handler's own executor.
import {
  asTuple,
  asyncResult,
  bindExecutor,
  coSpawn,
  deferred,
  detached,
  IoContext,
  makeStrand,
  makeWorkGuard,
  post,
  spawn,
  tokenKind,
  useAwaitable,
  useFuture,
  type DeferredOperation,
  type Handler,
  type Initiation,
  type Signature,
  type WorkSignature,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { nextMacrotask } from './helpers/macrotask';

// The user token kind of Asio's lazy_handler (also in async-result.test.ts; identical
// augmentations merge).
declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S, T> {
    lazy: 42;
  }
}

describe("post(fn, executor, token): Asio 1.37's function form", () => {
  test('fn runs on the executor, never inside the call; the callback gets its result', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const r = post(
      () => {
        order.push(`fn (inside ioc: ${ioc.getExecutor().runningInThisThread()})`);
        return 42;
      },
      ioc,
      (value) => {
        expectTypeOf(value).toEqualTypeOf<number>();
        order.push(`handler ${value}`);
      },
    );
    expectTypeOf(r).toEqualTypeOf<void>();
    expect(r).toBeUndefined();
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['fn (inside ioc: true)', 'handler 42']);
  });

  test('useFuture: a Promise of the result', async () => {
    const ioc = new IoContext();
    const p = post(() => 'text', ioc, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<string>>();
    await ioc.run();
    await expect(p).resolves.toBe('text');
  });

  test('a function that returns nothing completes with no arguments (Asio: void())', async () => {
    const ioc = new IoContext();
    const got: unknown[][] = [];
    let ran = 0;
    post(
      () => {
        ran++;
      },
      ioc,
      (...args: unknown[]) => got.push(args),
    );
    const p = post(() => {}, ioc, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    const t = post(() => {}, ioc, asTuple(useFuture));
    expectTypeOf(t).toEqualTypeOf<Promise<[]>>();
    await ioc.run();
    expect(ran).toBe(1);
    expect(got).toEqual([[]]);
    await expect(p).resolves.toBeUndefined();
    await expect(t).resolves.toEqual([]);
    expectTypeOf<WorkSignature<void>>().toEqualTypeOf<[]>();
    expectTypeOf<WorkSignature<undefined>>().toEqualTypeOf<[]>();
    expectTypeOf<WorkSignature<number>>().toEqualTypeOf<[value: number]>();
    expectTypeOf<WorkSignature<number | undefined>>().toEqualTypeOf<[value: number | undefined]>();
  });

  test('post never runs fn inline, not even from inside a handler of the same context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      post(
        () => order.push('fn'),
        ioc,
        () => order.push('handler'),
      );
      order.push('outer done');
    });
    await ioc.run();
    expect(order).toEqual(['outer done', 'fn', 'handler']);
  });

  test('an execution context or its executor; a strand runs fn inside the strand', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const p1 = post(() => 1, ioc.getExecutor(), useFuture);
    const p2 = post(() => s.runningInThisThread(), s, useFuture);
    await ioc.run();
    expect(await Promise.all([p1, p2])).toEqual([1, true]);
  });

  test('fn runs on the target executor, the handler on its own associated executor, holding work there', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    post(
      () => {
        order.push(`fn on ioc1: ${ioc1.getExecutor().runningInThisThread()}`);
        return 7;
      },
      ioc1,
      bindExecutor(ioc2, (v: number) => order.push(`handler ${v} on ioc2: ${ioc2.getExecutor().runningInThisThread()}`)),
    );
    // ioc2 runs first: the pending work keeps it from returning before the handler ran.
    const run2 = ioc2.run();
    await nextMacrotask();
    expect(order).toEqual([]);
    await ioc1.run();
    await expect(run2).resolves.toBe(1);
    expect(order).toEqual(['fn on ioc1: true', 'handler 7 on ioc2: true']);
  });

  test('an exception thrown by fn goes to the executor (out of run()); the token never completes', async () => {
    const ioc = new IoContext();
    const boom = new Error('boom');
    const calls: unknown[] = [];
    post(
      (): number => {
        throw boom;
      },
      ioc,
      (v) => calls.push(v),
    );
    await expect(ioc.run()).rejects.toBe(boom);
    expect(calls).toEqual([]);
    // The promise of a useFuture token stays pending (JavaScript has no destructor to break it).
    let settled = false;
    const p = post(
      (): number => {
        throw boom;
      },
      ioc,
      useFuture,
    );
    void p.then(
      () => (settled = true),
      () => (settled = true),
    );
    ioc.restart();
    await expect(ioc.run()).rejects.toBe(boom);
    await nextMacrotask();
    expect(settled).toBe(false);
    // Nothing is left behind on the context.
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('a throwing fn releases the work held on the handler\'s executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const boom = new Error('boom');
    post(
      () => {
        throw boom;
      },
      ioc1,
      bindExecutor(ioc2, () => {}),
    );
    const run2 = ioc2.run();
    await expect(ioc1.run()).rejects.toBe(boom);
    await expect(run2).resolves.toBe(0);
  });

  test('without a token, or with deferred: a deferred operation; awaiting it gives the result', async () => {
    const ioc = new IoContext();
    let ran = 0;
    const op = post(() => {
      ran++;
      return 5;
    }, ioc);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[value: number]>>();
    const op2 = post(() => 'x', ioc, deferred);
    expectTypeOf(op2).toEqualTypeOf<DeferredOperation<[value: string]>>();
    expect(ran).toBe(0);
    const guard = makeWorkGuard(ioc);
    const running = ioc.run();
    const v = await op;
    expectTypeOf(v).toEqualTypeOf<number>();
    expect(v).toBe(5);
    await expect(op2(useFuture)).resolves.toBe('x');
    guard.reset();
    await running;
    expect(ran).toBe(1);
  });

  test('every token kind: callback, useFuture, deferred, detached, asTuple, useAwaitable, yield context, a user token', async () => {
    const ioc = new IoContext();
    const got: Record<string, unknown> = {};
    post(() => 1, ioc, (v) => (got.callback = v));
    const future = post(() => 2, ioc, useFuture);
    const op = post(() => 3, ioc, deferred);
    op((v) => (got.deferred = v));
    post(() => (got.detached = 4), ioc, detached);
    const tuple = post(() => 5, ioc, asTuple(useFuture));
    expectTypeOf(tuple).toEqualTypeOf<Promise<[number]>>();
    const awaitable = coSpawn(ioc, async () => {
      const v = await post(() => 7, ioc, useAwaitable);
      expectTypeOf(v).toEqualTypeOf<number>();
      return v;
    }, useFuture);
    const spawned = spawn(
      ioc,
      function* (y) {
        const v = yield* post(() => 8, ioc, y);
        return v;
      },
      useFuture,
    );
    class Lazy {
      readonly [tokenKind] = 'lazy' as const;
      [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
        initiation(((v: unknown) => (got.lazy = v)) as unknown as Handler<S>, ...args);
        return 42;
      }
    }
    const lazy = post(() => 9, ioc, new Lazy());
    expectTypeOf(lazy).toEqualTypeOf<42>();
    expect(lazy).toBe(42);
    await ioc.run();
    expect(got).toEqual({ callback: 1, deferred: 3, detached: 4, lazy: 9 });
    await expect(future).resolves.toBe(2);
    await expect(tuple).resolves.toEqual([5]);
    await expect(awaitable).resolves.toBe(7);
    await expect(spawned).resolves.toBe(8);
  });

  test('programmer errors: a bad executor, a token where fn belongs, a bad token', () => {
    const ioc = new IoContext();
    expect(() => post(() => 1, 42 as never, useFuture)).toThrow(/^executor must be an executor or an execution context, got 42/);
    expect(() => post(deferred as never, ioc)).toThrow(/^fn must be a function to run, got a completion token/);
    expect(() => post(() => 1, ioc, 42 as never)).toThrow(/^token must be/);
  });
});
