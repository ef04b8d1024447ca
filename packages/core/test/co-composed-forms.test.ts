// coComposed: one operation written as `function*` and as `async function*`, used with every
// token kind (callback, useFuture, deferred, useAwaitable), with failures and cancellation; and
// a body whose first step fails before or inside its launch.
import {
  asTuple,
  asyncInitiate,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coComposed,
  coSpawn,
  deferred,
  IoContext,
  useAwaitable,
  useFuture,
  type AsyncResult,
  type CoComposedState,
  type CompletionToken,
} from '@asio-ts/core';
import { asyncForever, started, until } from './helpers/coro-ops';
import { type SumSignature, asyncSumGen, asyncSumAsync } from './helpers/co-composed-sum';

beforeEach(() => {
  started.count = 0;
});

/** Waits for an inner operation that only ends when cancelled; reports what the state saw. */
function asyncWaitCancelled<T extends CompletionToken<SumSignature>>(ioc: IoContext, form: 'gen' | 'async', token: T): AsyncResult<T, SumSignature> {
  const body =
    form === 'gen'
      ? function* (state: CoComposedState<SumSignature>) {
          const [e] = yield* state.wait(asyncForever(ioc));
          return [e, state.cancelled()] as SumSignature;
        }
      : async function* (state: CoComposedState<SumSignature>) {
          const [e] = yield* state.wait(asyncForever(ioc));
          return [e, state.cancelled()] as SumSignature;
        };
  return coComposed(body, token, ioc);
}

describe.each([
  ['function*', asyncSumGen],
  ['async function*', asyncSumAsync],
] as const)('coComposed written as %s', (form, asyncSum) => {
  test('callback token', async () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    asyncSum(ioc, 2, 3, (err, n) => calls.push([err, n]));
    expect(calls).toEqual([]);
    await ioc.run();
    expect(calls).toEqual([[null, 5]]);
  });

  test('useFuture token', async () => {
    const ioc = new IoContext();
    const p = asyncSum(ioc, 4, 5, useFuture);
    await ioc.run();
    await expect(p).resolves.toBe(9);
  });

  test('deferred (no token): starts when launched', async () => {
    const ioc = new IoContext();
    const op = asyncSum(ioc, 1, 1);
    expect(started.count).toBe(0);
    const calls: unknown[][] = [];
    op((err, n) => calls.push([err, n]));
    await ioc.run();
    expect(calls).toEqual([[null, 2]]);
  });

  test('useAwaitable inside coSpawn, cancelled through the coroutine', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    let waiting = false;
    const p = coSpawn(
      ioc,
      async () => {
        const n = await asyncSum(ioc, 6, 7 - 1, useAwaitable);
        waiting = true;
        const [err, seen] = await asyncWaitCancelled(ioc, form === 'function*' ? 'gen' : 'async', asTuple(useAwaitable));
        return [n, err?.code, seen];
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => waiting && started.count === 3, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toEqual([12, 'ECANCELED', CancellationType.Terminal]);
  });

  test('an inner failure is returned by the body as the completion error', async () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    asyncSum(ioc, 2, -1, (err, n) => calls.push([err?.code, n]));
    await ioc.run();
    expect(calls).toEqual([['EINVAL', 2]]);
    const p = asyncSum(ioc, -1, 2, useFuture);
    ioc.restart();
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'EINVAL' });
  });

  test('a thrown error completes the operation with it in the error slot', async () => {
    const ioc = new IoContext();
    const p = asyncSum(ioc, 6, 7, useFuture);
    await ioc.run();
    await expect(p).rejects.toThrow(RangeError);
  });

  test('cancellation through the bound slot: the inner operation is aborted and state.cancelled() says so', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const calls: unknown[][] = [];
    asyncWaitCancelled(ioc, form === 'function*' ? 'gen' : 'async', bindCancellationSlot(sig.slot(), (err, seen) => calls.push([err?.code, seen])));
    await until(() => started.count === 1);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(calls).toEqual([['ECANCELED', CancellationType.Terminal]]);
  });
});

test('a body that throws before returning its generator (a wrapper) completes the operation with the error, after the initiating call', async () => {
  const ioc = new IoContext();
  const boom = new TypeError('bad configuration');
  const calls: unknown[][] = [];
  const body = (_state: CoComposedState<[Error | null]>): Generator<never, [Error | null], unknown> => {
    throw boom;
  };
  coComposed(body, (err: Error | null) => calls.push([err]), ioc);
  expect(calls).toEqual([]);
  await ioc.run();
  expect(calls).toEqual([[boom]]);
  const p = coComposed(body, useFuture, ioc);
  ioc.restart();
  await ioc.run();
  await expect(p).rejects.toBe(boom);
});

test("a launch that completes inline and then throws: the body goes on past its yield with the result, and the error leaves the initiating call", async () => {
  const ioc = new IoContext();
  const boom = new TypeError('thrown after completing inline');
  const completingThenThrowing = asyncInitiate((handler: (err: null, v: number) => void) => {
    handler(null, 7);
    throw boom;
  }, deferred);
  const seen: unknown[] = [];
  const calls: unknown[][] = [];
  const body = function* (state: CoComposedState<[Error | null, number]>) {
    const [err, v] = (yield* state.wait(completingThenThrowing)) as [Error | null, number];
    seen.push(err, v);
    return [null, v * 2] as [Error | null, number];
  };
  expect(() => coComposed(body, (err: Error | null, n: number) => calls.push([err, n]), ioc)).toThrow(boom);
  expect(seen).toEqual([null, 7]);
  expect(calls).toEqual([]);
  await ioc.run();
  expect(calls).toEqual([[null, 14]]);
});

describe('coComposed: a body that returns no generator', () => {
  test('is a TypeError naming body, thrown by the call (a callback) or by the launch (deferred, useFuture); no handler runs', async () => {
    const calls: unknown[] = [];
    const handler = (...args: unknown[]): void => void calls.push(args);
    const plain = (() => 42) as never;
    const asyncFunction = (async () => [null]) as never;
    expect(() => coComposed(plain, handler)).toThrow(/^body must be a generator function \(function\* or async function\*\) or a function returning a generator; it returned 42/);
    expect(() => coComposed(asyncFunction, handler)).toThrow(/^body must be a generator function .* it returned an instance of Promise/);
    expect(() => coComposed(plain, useFuture)).toThrow(TypeError);
    const later = coComposed(plain);
    await expect(later).rejects.toThrow(/^body must be a generator function/);
    expect(calls).toEqual([]);
  });

  test("a hand-made iterator whose next() gives no iterator result ends the operation with a TypeError, once", async () => {
    let steps = 0;
    const iterator = { next: () => (steps++, 42), throw: () => (steps++, 42) };
    await expect(coComposed((() => iterator) as never, useFuture)).rejects.toThrow(/^a coComposed body's next\(\) returned 42, not an iterator result/);
    const promising = { next: () => (steps++, Promise.resolve({ done: true, value: [null] })), throw: () => Promise.resolve({ done: true, value: [null] }) };
    await expect(coComposed((() => promising) as never, useFuture)).rejects.toThrow(/returned an instance of Promise, not an iterator result/);
    expect(steps).toBe(2);
  });
});
