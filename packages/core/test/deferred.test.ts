import {
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  deferred,
  DeferredFunction,
  dispatch,
  systemExecutor,
  detached,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  isTokenObject,
  makeDeferredOperation,
  useFuture,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncWaitForever, flush, stats, type AddSignature, type WaitSignature } from './helpers/ops';
import { asyncValue } from './helpers/coro-ops';

describe('deferred: a packaged operation', () => {
  test('nothing starts until the operation is launched', async () => {
    const before = stats.initiations;
    const op = asyncAdd(1, 2, deferred);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<AddSignature>>();
    expect(typeof op).toBe('function');
    await flush();
    expect(stats.initiations).toBe(before);
    const results: unknown[][] = [];
    const r = op((err, n) => results.push([err, n]));
    expect(r).toBeUndefined();
    expect(stats.initiations).toBe(before + 1);
    expect(results).toEqual([]);
    await flush();
    expect(results).toEqual([[null, 3]]);
  });

  test('an omitted token means deferred', async () => {
    const before = stats.initiations;
    const op = asyncAdd(2, 2);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<AddSignature>>();
    expect(stats.initiations).toBe(before);
    await expect(op(useFuture)).resolves.toBe(4);
  });

  test('can be launched with any token', async () => {
    await expect(asyncAdd(1, 1)(useFuture)).resolves.toBe(2);
    await expect(asyncAdd(1, 1)(asTuple(useFuture))).resolves.toEqual([null, 2]);
    expect(asyncAdd(1, 1)(detached)).toBeUndefined();
    const again = asyncAdd(3, 3)(deferred);
    expectTypeOf(again).toEqualTypeOf<DeferredOperation<AddSignature>>();
    await expect(again).resolves.toBe(6);
  });

  test('called with no token it is called with deferred: the launch moves to the returned operation', async () => {
    const before = stats.initiations;
    const op = asyncAdd(5, 5);
    const next = op();
    expectTypeOf(next).toEqualTypeOf<DeferredOperation<AddSignature>>();
    expect(stats.initiations).toBe(before);
    expect(() => op(useFuture)).toThrow(TypeError);
    await expect(next).resolves.toBe(10);
  });

  test('launches exactly once: a second call throws a TypeError', async () => {
    const op = asyncAdd(1, 2);
    const p = op(useFuture);
    expect(() => op(useFuture)).toThrow(TypeError);
    expect(() => op(() => {})).toThrow(/already launched/);
    await expect(p).resolves.toBe(3);
    expect(() => op(useFuture)).toThrow(TypeError);
  });

  test('a call with an unusable token throws without using the operation up', async () => {
    const before = stats.initiations;
    const op = asyncAdd(1, 2);
    expect(() => op(42 as never)).toThrow(/token/);
    expect(stats.initiations).toBe(before);
    await expect(op(useFuture)).resolves.toBe(3);
  });

  test('programmer errors of the initiating function are thrown at once, not when launched', () => {
    expect(() => asyncAdd('1' as never, 2)).toThrow(TypeError);
  });
});

describe('deferred: awaitable', () => {
  test('awaiting launches it as useFuture would', async () => {
    const before = stats.initiations;
    const op = asyncAdd(20, 22);
    expect(stats.initiations).toBe(before);
    const n = await op;
    expectTypeOf(n).toEqualTypeOf<number>();
    expect(n).toBe(42);
    expect(stats.initiations).toBe(before + 1);
  });

  test('a failing operation rejects', async () => {
    const err = await asyncAdd(Number.MAX_SAFE_INTEGER, 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
  });

  test('then() twice shares one launch', async () => {
    const before = stats.initiations;
    const op = asyncAdd(1, 2);
    const [a, b] = await Promise.all([op.then((v) => v * 2), op.then((v) => v * 3)]);
    expect([a, b]).toEqual([6, 9]);
    expect(stats.initiations).toBe(before + 1);
    expect(await op).toBe(3); // awaiting again reuses the same result
    expect(stats.initiations).toBe(before + 1);
  });

  test('awaiting after a launch with another token rejects with TypeError', async () => {
    const op = asyncAdd(1, 2);
    op(() => {});
    await expect(Promise.resolve(op)).rejects.toThrow(TypeError);
  });

  test('calling it after it was awaited throws', async () => {
    const op = asyncAdd(1, 2);
    await op;
    expect(() => op(useFuture)).toThrow(TypeError);
  });

  test('then() keeps the Promise contract: chains, async reactions, thrown callbacks reject', async () => {
    const op = asyncAdd(1, 2);
    const order: string[] = [];
    const chained = op.then((v) => {
      order.push('reaction');
      return v + 1;
    });
    order.push('after then');
    expect(chained).toBeInstanceOf(Promise);
    await expect(chained.then((v) => v * 10)).resolves.toBe(40);
    // Once the result is in, a later then() still reacts asynchronously.
    const late = op.then(() => order.push('late reaction'));
    order.push('after late then');
    await late;
    expect(order).toEqual(['after then', 'reaction', 'after late then', 'late reaction']);
    await expect(op.then(() => { throw new RangeError('from the callback'); })).rejects.toThrow(RangeError);
    // No callbacks: the value passes through.
    await expect(op.then()).resolves.toBe(3);
  });

  test('then() on a failure: onRejected recovers, no onRejected rejects, a second failure stays shared', async () => {
    const op = asyncAdd(Number.MAX_SAFE_INTEGER, 1);
    await expect(op.then(undefined, () => 'recovered')).resolves.toBe('recovered');
    const again = await Promise.resolve(op).catch((e: unknown) => e);
    expect(errorIs(again, errors.invalidArgument)).toBe(true);
  });

  test('a failed then() on an operation launched by a token leaves the operation untouched', async () => {
    const op = asyncAdd(1, 2);
    const p = op(useFuture);
    expect(() => op.then()).toThrow(/already launched/);
    expect(() => op.then()).toThrow(/already launched/);
    await expect(p).resolves.toBe(3);
  });
});

describe('deferred: awaited when the handler runs during the launch', () => {
  test('await dispatch(systemExecutor) settles, and then() reactions still run after then() returned', async () => {
    await expect(dispatch(systemExecutor)).resolves.toBeUndefined();
    const order: string[] = [];
    const done = dispatch(systemExecutor).then(() => order.push('reaction'));
    order.push('after then');
    await done;
    expect(order).toEqual(['after then', 'reaction']);
  });
});

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

describe('makeDeferredOperation', () => {
  test('packages an initiation', async () => {
    let started = 0;
    const op = makeDeferredOperation<WaitSignature>((handler) => {
      started++;
      setImmediate(() => handler(null));
    });
    expect(started).toBe(0);
    await expect(op).resolves.toBeUndefined();
    expect(started).toBe(1);
  });

  test('packages an initiation with its arguments, passed as they are when launched', async () => {
    const seen: unknown[][] = [];
    const initiation = (handler: (err: null, sum: number) => void, a: number, b: number): void => {
      seen.push([a, b]);
      setImmediate(() => handler(null, a + b));
    };
    const op = makeDeferredOperation(initiation, 20, 22);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[err: null, sum: number]>>();
    expect(seen).toEqual([]);
    expect(await op(useFuture)).toBe(42);
    expect(seen).toEqual([[20, 22]]);
    // @ts-expect-error the arguments must match the initiation's parameters
    expect(() => makeDeferredOperation(initiation, 'x', 22)).not.toThrow();
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
