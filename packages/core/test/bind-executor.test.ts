import {
  asyncResult,
  associatedCancellationSlot,
  associatedExecutor,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  deferred,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  IoContext,
  isTokenObject,
  makeStrand,
  systemExecutor,
  tokenKind,
  useFuture,
  type Deferred,
  type DeferredOperation,
  type ExecutorBinder,
  type Handler,
  type Signature,
  type Initiation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAddOn, flush } from './helpers/ops';

// Asio's incrementer_token: a user token object whose handler counts completions.
function incrementerToken(counter: { count: number }) {
  return {
    [tokenKind]: 'incrementer' as const,
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): void {
      const handler = (() => {
        counter.count++;
      }) as Handler<S>;
      initiation(handler, ...args);
    },
  };
}

describe('bindExecutor', () => {
  // Asio's bind_executor_to_function_object_test.
  test('a bound function runs on the bound executor, not the I/O executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    asyncAddOn(ioc1, 1, 2, bindExecutor(ioc2.getExecutor(), () => count++));
    await ioc1.run();
    expect(count).toBe(0);
    await ioc2.run();
    expect(count).toBe(1);
  });

  // Asio's bind_executor_to_completion_token_test.
  test('a bound token object makes a handler that runs on the bound executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const counter = { count: 0 };
    asyncAddOn(ioc1, 1, 2, bindExecutor(ioc2, incrementerToken(counter)));
    await ioc1.run();
    expect(counter.count).toBe(0);
    await ioc2.run();
    expect(counter.count).toBe(1);
  });

  test('an operation in flight holds work on the bound executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    asyncAddOn(ioc1, 1, 2, bindExecutor(ioc2, () => order.push('handler')));
    // ioc2 has nothing queued yet, but must not run out of work while the operation is in flight.
    const run2 = ioc2.run().then((n) => order.push(`ioc2 done (${n})`));
    await flush();
    expect(order).toEqual([]);
    await ioc1.run();
    await run2;
    expect(order).toEqual(['handler', 'ioc2 done (1)']);
  });

  test('with useFuture the promise settles once the bound executor ran the handler', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let settled = false;
    const p = asyncAddOn(ioc1, 20, 22, bindExecutor(ioc2, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    void p.then(() => (settled = true));
    await ioc1.run();
    await flush();
    expect(settled).toBe(false);
    await ioc2.run();
    await expect(p).resolves.toBe(42);
  });

  test('with a strand', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const inside: boolean[] = [];
    for (let i = 0; i < 3; i++) asyncAddOn(ioc, i, 0, bindExecutor(strand, () => inside.push(strand.runningInThisThread())));
    await ioc.run();
    expect(inside).toEqual([true, true, true]);
  });

  test('binding a function returns a function carrying the association; binding a token returns a token', () => {
    const ioc = new IoContext();
    const fn = (_err: SystemError | null, _n: number): void => {};
    const bound = bindExecutor(ioc, fn);
    expect(typeof bound).toBe('function');
    expect(isTokenObject(bound)).toBe(false);
    expect(getAssociatedExecutor(bound)).toBe(ioc.getExecutor());
    expect(getAssociatedExecutor(fn)).toBe(systemExecutor); // the original is untouched
    expectTypeOf(bound).toEqualTypeOf(fn);
    const boundToken = bindExecutor(ioc, useFuture);
    expect(isTokenObject(boundToken)).toBe(true);
    expect(boundToken.token).toBe(useFuture);
  });

  test('calling a bound function calls the original with the same arguments', () => {
    const calls: unknown[][] = [];
    const bound = bindExecutor(systemExecutor, (...args: unknown[]) => calls.push(args));
    bound(1, 'two', null);
    expect(calls).toEqual([[1, 'two', null]]);
  });

  test('the other associations of a bound function are kept', () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const bound = bindExecutor(ioc, bindCancellationSlot(sig.slot(), () => {}));
    expect(getAssociatedExecutor(bound)).toBe(ioc.getExecutor());
    expect(getAssociatedCancellationSlot(bound)).toBe(sig.slot());
    const h = (): void => {};
    (h as { [associatedCancellationSlot]?: unknown })[associatedCancellationSlot] = sig.slot();
    expect(getAssociatedCancellationSlot(bindExecutor(ioc, h))).toBe(sig.slot());
  });

  test('the outermost binding wins', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const ioc3 = new IoContext();
    let count = 0;
    const bound = bindExecutor(ioc2, bindExecutor(ioc3, () => count++));
    expect(bound[associatedExecutor as never]).toBe(ioc2.getExecutor());
    asyncAddOn(ioc1, 1, 1, bound);
    await ioc1.run();
    await ioc2.run();
    expect(count).toBe(1);
    expect(ioc3.poll()).toBe(0);

    const p = asyncAddOn(ioc1, 1, 1, bindExecutor(ioc2, bindExecutor(ioc3, useFuture)));
    ioc1.restart();
    ioc2.restart();
    await ioc1.run();
    await ioc2.run();
    await expect(p).resolves.toBe(2);
  });

  test('with deferred: launching later still runs the handler on the bound executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const op = asyncAddOn(ioc1, 2, 3, bindExecutor(ioc2, deferred));
    const got: number[] = [];
    op((_err, n) => got.push(n));
    await ioc1.run();
    expect(got).toEqual([]);
    await ioc2.run();
    expect(got).toEqual([5]);
  });

  test('programmer errors: not an executor, not a token', () => {
    expect(() => bindExecutor({} as never, () => {})).toThrow(TypeError);
    expect(() => bindExecutor(null as never, () => {})).toThrow(/executor/);
    expect(() => bindExecutor(systemExecutor, 42 as never)).toThrow(/token/);
  });
});

describe("bindExecutor(ex) without a token (Asio 1.31's partial bind_executor)", () => {
  test('binds deferred: the awaited completion runs on the bound executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const op = asyncAddOn(io1, 20, 22, bindExecutor(io2));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[SystemError | null, number]>>();
    let value: number | undefined;
    const awaited = (async () => {
      value = await op;
    })();
    await flush();
    await io1.run();
    await flush();
    expect(value).toBeUndefined(); // the handler waits for io2
    expect(await io2.run()).toBeGreaterThan(0);
    await awaited;
    expect(value).toBe(42);
  });

  test('the token is an executor binder around deferred', () => {
    const token = bindExecutor(systemExecutor);
    expectTypeOf(token).toEqualTypeOf<ExecutorBinder<Deferred>>();
    expect(isTokenObject(token)).toBe(true);
    expect(token.token).toBe(deferred);
  });
});
