// deferred(fn) chaining, deferred.values, deferred.when(...).then(...).otherwise(...).
import {
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  deferred,
  DeferredFunction,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  isTokenObject,
  useFuture,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncWaitForever, flush, stats, type AddSignature } from './helpers/ops';
import { asyncValue } from './helpers/coro-ops';

describe('deferred(fn): chaining', () => {
  test('the next operation starts with the results of the first, after it completed', async () => {
    const order: string[] = [];
    const op = asyncAdd(
      1,
      2,
      deferred((err: SystemError | null, n: number) => {
        order.push(`first completed: ${String(err)}, ${n}`);
        return asyncAdd(n, 10);
      }),
    );
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<AddSignature>>();
    expect(order).toEqual([]);
    const result = await op;
    expect(result).toBe(13);
    expect(order).toEqual(['first completed: null, 3']);
  });

  test('three steps, launched with a callback', async () => {
    const results: unknown[][] = [];
    asyncAdd(1, 1, deferred((_e: SystemError | null, a: number) => asyncAdd(a, a, deferred((_e2: SystemError | null, b: number) => asyncAdd(b, b)))))(
      (err, n) => results.push([err, n]),
    );
    await flush(6);
    expect(results).toEqual([[null, 8]]);
  });

  test('the chain can change the signature', async () => {
    const op = asyncAdd(1, 2, deferred((_e: SystemError | null, n: number) => deferred.values(`sum=${n}`, n > 2)));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[string, boolean]>>();
    await expect(op).resolves.toEqual(['sum=3', true]);
  });

  test('an error of the first step is the function\'s to handle', async () => {
    const op = asyncAdd(
      Number.MAX_SAFE_INTEGER,
      1,
      deferred((err: SystemError | null, _n: number) => (err !== null ? deferred.values(-1) : deferred.values(1))),
    );
    await expect(op).resolves.toBe(-1);
  });

  test('every step runs on the final handler\'s executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const steps: string[] = [];
    asyncAddOn(
      io1,
      1,
      2,
      deferred((_e: SystemError | null, n: number) => {
        steps.push(`step on io2: ${io2.getExecutor().runningInThisThread()}`);
        return asyncAddOn(io1, n, 1);
      }),
    )(bindExecutor(io2, (_e: SystemError | null, n: number) => steps.push(`final ${n} on io2: ${io2.getExecutor().runningInThisThread()}`)));
    await io1.run();
    expect(steps).toEqual([]);
    const io2Done = io2.run();
    io1.restart();
    await io1.run();
    await io2Done;
    expect(steps).toEqual(['step on io2: true', 'final 4 on io2: true']);
  });

  test('the first step is cancellable through the final handler\'s slot', async () => {
    const sig = new CancellationSignal();
    const op = asyncWaitForever(deferred((err: SystemError | null) => deferred.values(errorIs(err, errors.operationAborted))));
    const p = op(bindCancellationSlot(sig.slot(), useFuture));
    sig.emit();
    await expect(p).resolves.toBe(true);
  });

  test('the function must return a deferred operation (checked when it runs)', async () => {
    const io = new IoContext();
    asyncAddOn(io, 1, 2, deferred((() => 5) as never))(() => {});
    expect(() => io.poll()).toThrow(/fn must return a deferred operation/);
  });

  test('deferred(fn) with a non-function is a TypeError', () => {
    expect(() => deferred(5 as never)).toThrow(TypeError);
    expect(() => deferred(null as never)).toThrow(/fn/);
  });

  test('deferred(fn) is a token object', () => {
    const t = deferred((_e: SystemError | null) => deferred.values());
    expect(t).toBeInstanceOf(DeferredFunction);
    expect(isTokenObject(t)).toBe(true);
  });
});

describe('deferred.values', () => {
  test('completes with the values, never inside the launching call', async () => {
    const op = deferred.values(1, 'a');
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[number, string]>>();
    const got: unknown[][] = [];
    op((...args) => got.push(args));
    expect(got).toEqual([]);
    await flush();
    expect(got).toEqual([[1, 'a']]);
  });

  test('awaited: one value is the value, several are a tuple, none is undefined', async () => {
    await expect(deferred.values(7)).resolves.toBe(7);
    await expect(deferred.values(7, 8)).resolves.toEqual([7, 8]);
    await expect(deferred.values()).resolves.toBeUndefined();
  });

  test('an error first rejects when awaited', async () => {
    const op = deferred.values(new Error('boom') as Error | null, 1);
    await expect(Promise.resolve(op)).rejects.toThrow('boom');
  });

  test('bound to inlineExecutor as immediate executor, it completes inside the launch', () => {
    const got: number[] = [];
    deferred.values(3)(bindImmediateExecutor(inlineExecutor, (n: number) => got.push(n)));
    expect(got).toEqual([3]);
  });

  test('runs once', async () => {
    const op = deferred.values(1);
    await op;
    expect(() => op(() => {})).toThrow(TypeError);
  });
});

describe('deferred.when(...).then(...).otherwise(...)', () => {
  test('picks one operation; the other never starts', async () => {
    const before = stats.initiations;
    const yes = deferred.when(true).then(asyncAdd(1, 1)).otherwise(asyncAdd(100, 100));
    expectTypeOf(yes).toEqualTypeOf<DeferredOperation<AddSignature>>();
    await expect(yes).resolves.toBe(2);
    expect(stats.initiations).toBe(before + 1);
    await expect(deferred.when(false).then(deferred.values('a')).otherwise(deferred.values('b'))).resolves.toBe('b');
  });

  test('nothing is chosen or started until launched', async () => {
    const before = stats.initiations;
    const op = deferred.when(true).then(asyncAdd(1, 1)).otherwise(asyncAdd(2, 2));
    await flush();
    expect(stats.initiations).toBe(before);
    const got: unknown[][] = [];
    op((...args) => got.push(args));
    await flush();
    expect(got).toEqual([[null, 2]]);
  });

  test('inside a chain', async () => {
    const classify = (n: number): Promise<string> =>
      Promise.resolve(
        asyncAdd(
          n,
          0,
          deferred((_e: SystemError | null, v: number) => deferred.when(v > 2).then(deferred.values('big')).otherwise(deferred.values('small'))),
        ),
      );
    await expect(classify(5)).resolves.toBe('big');
    await expect(classify(1)).resolves.toBe('small');
  });

  test('the branches must be deferred operations', () => {
    expect(() => deferred.when(true).then(5 as never).otherwise(deferred.values())).toThrow(/onTrue/);
    expect(() => deferred.when(true).then(deferred.values()).otherwise(null as never)).toThrow(/onFalse/);
  });
});

describe('deferred.values at the end of a chain', () => {
  // asio-ts never calls a handler inside its initiating call, so deferred.values delivers through
  // the handler's immediate executor (a post to the system executor for a plain handler), which
  // holds no work on any context. Bound to the context, the handler runs inside its run().
  test('a handler bound to the context runs before ioc.run() returns', async () => {
    const ioc = new IoContext();
    const seen: number[] = [];
    const chain = asyncValue(ioc, 1, deferred((_err: unknown, v: number) => deferred.values(v + 1)));
    chain(bindExecutor(ioc, (v: number) => seen.push(v)));
    await ioc.run();
    expect(seen).toEqual([2]);
  });
});
