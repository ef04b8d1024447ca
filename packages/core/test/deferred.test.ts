import {
  asTuple,
  deferred,
  dispatch,
  systemExecutor,
  detached,
  errorIs,
  errors,
  isCompletionToken,
  SteadyTimer,
  makeDeferredOperation,
  useFuture,
  type DeferredOperation,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, flush, stats, type AddSignature, type WaitSignature } from './helpers/ops';

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
    // A thenable standing for the promise (made only once used): Promise.resolve adopts it.
    expect(typeof chained.then).toBe('function');
    await expect(Promise.resolve(chained)).resolves.toBe(4);
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

describe('a deferred operation where a token belongs', () => {
  test('is a type error, and a token adapter refuses it, naming the argument', () => {
    const inner = new SteadyTimer(systemExecutor, 1).asyncWait();
    // Not run: a deferred operation is not a completion handler of the outer signature.
    // @ts-expect-error the type says so (at run time the initiating call takes any function)
    const wrong = (): unknown => new SteadyTimer(systemExecutor, 1).asyncWait(inner);
    expect(typeof wrong).toBe('function');
    expect(() => asTuple(inner as never)).toThrow(
      new TypeError('token must be a completion handler function or a completion token, got a deferred operation (launch it with a token of its own, or await it)'),
    );
    expect(isCompletionToken(inner)).toBe(false);
    // Still usable: it was not launched.
    inner(() => {});
  });
});
