// Type tests: what one initiating function (`asyncAdd`, signature [SystemError | null, number])
// returns under every token kind and combination. A wrong type fails type checking (tsc, and
// ts-jest when it type-checks), so `npm test` fails. The calls also run, so the values are checked.
import {
  awaitAll,
  awaitAny,
  append,
  asTuple,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  cancelAfter,
  cancelAt,
  CancellationSignal,
  consign,
  deferred,
  detached,
  inlineExecutor,
  IoContext,
  prepend,
  redirectError,
  systemExecutor,
  useFuture,
  type AsyncResult,
  type DeferredOperation,
  type ErrorRef,
  type ResultValue,
  type SystemError,
  type Tail,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, flush, type AddSignature } from './helpers/ops';
import { type S } from './helpers/types';

describe('AsyncResult of asyncAdd under each token', () => {
  test('the helper signature is the one under test', () => {
    expectTypeOf<AddSignature>().toEqualTypeOf<S>();
  });

  test('callback → void', async () => {
    const r = asyncAdd(1, 2, (err, n) => {
      expectTypeOf(err).toEqualTypeOf<SystemError | null>();
      expectTypeOf(n).toEqualTypeOf<number>();
    });
    expectTypeOf(r).toEqualTypeOf<void>();
    expect(r).toBeUndefined();
    await flush();
  });

  test('useFuture → Promise<number>', async () => {
    const p = asyncAdd(1, 2, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
  });

  test('deferred and an omitted token → DeferredOperation<S>; awaiting it gives number', async () => {
    const d = asyncAdd(1, 2, deferred);
    expectTypeOf(d).toEqualTypeOf<DeferredOperation<S>>();
    const omitted = asyncAdd(1, 2);
    expectTypeOf(omitted).toEqualTypeOf<DeferredOperation<S>>();
    const n = await omitted;
    expectTypeOf(n).toEqualTypeOf<number>();
    expect(n).toBe(3);
    expectTypeOf(d(useFuture)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(asyncAdd(1, 2)((_e, _n) => {})).toEqualTypeOf<void>();
    expectTypeOf(asyncAdd(1, 2)()).toEqualTypeOf<DeferredOperation<S>>();
    expectTypeOf(asyncAdd(1, 2)(detached)).toEqualTypeOf<void>();
  });

  test('detached → void', async () => {
    const r = asyncAdd(1, 2, detached);
    expectTypeOf(r).toEqualTypeOf<void>();
    await flush();
  });

  test('asTuple(useFuture) → Promise<[SystemError | null, number]>', async () => {
    const p = asyncAdd(1, 2, asTuple(useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<[SystemError | null, number]>>();
    expect(await p).toEqual([null, 3]);
    expectTypeOf(asyncAdd(1, 2, asTuple((t: S) => void t))).toEqualTypeOf<void>();
  });

  test('redirectError(useFuture, ref) → Promise<number>', async () => {
    const ref: ErrorRef = { error: null };
    const p = asyncAdd(1, 2, redirectError(useFuture, ref));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
    expectTypeOf<Tail<S>>().toEqualTypeOf<[number]>();
  });

  test('bindExecutor(ex, useFuture) → Promise<number>; a bound callback → void', async () => {
    const p = asyncAdd(1, 2, bindExecutor(systemExecutor, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
    const r = asyncAdd(1, 2, bindExecutor(systemExecutor, (_e: SystemError | null, _n: number) => {}));
    expectTypeOf(r).toEqualTypeOf<void>();
    await flush();
  });

  test('bindCancellationSlot(slot, asTuple(useFuture)) → Promise<[SystemError | null, number]>', async () => {
    const sig = new CancellationSignal();
    const p = asyncAdd(1, 2, bindCancellationSlot(sig.slot(), asTuple(useFuture)));
    expectTypeOf(p).toEqualTypeOf<Promise<[SystemError | null, number]>>();
    expect(await p).toEqual([null, 3]);
  });

  test('bindImmediateExecutor(ex, useFuture) → Promise<number>', async () => {
    const p = asyncAdd(1, 2, bindImmediateExecutor(inlineExecutor, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
  });

  test("append(useFuture, 'x') → Promise<[number, string]>", async () => {
    const p = asyncAdd(1, 2, append(useFuture, 'x'));
    expectTypeOf(p).toEqualTypeOf<Promise<[number, string]>>();
    expect(await p).toEqual([3, 'x']);
  });

  test("prepend(useFuture, 'x') → Promise<[string, SystemError | null, number]>", async () => {
    const p = asyncAdd(1, 2, prepend(useFuture, 'x'));
    expectTypeOf(p).toEqualTypeOf<Promise<[string, SystemError | null, number]>>();
    expect(await p).toEqual(['x', null, 3]);
  });

  test('consign(useFuture, ...) → Promise<number>', async () => {
    const p = asyncAdd(1, 2, consign(useFuture, new IoContext(), 'kept'));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
  });

  test('cancelAfter / cancelAt (…, useFuture) → Promise<number>; without a token → DeferredOperation<S>', async () => {
    const p = asyncAdd(1, 2, cancelAfter(10_000, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
    const q = asyncAdd(1, 2, cancelAt(new Date(Date.now() + 10_000), useFuture));
    expectTypeOf(q).toEqualTypeOf<Promise<number>>();
    expect(await q).toBe(3);
    const d = asyncAdd(1, 2, cancelAfter(10_000));
    expectTypeOf(d).toEqualTypeOf<DeferredOperation<S>>();
    expect(await d).toBe(3);
  });

  test('bindAbortSignal(signal, useFuture) → Promise<number>', async () => {
    const p = asyncAdd(1, 2, bindAbortSignal(new AbortController().signal, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(3);
  });

  test('deferred(fn) chaining → DeferredOperation of the last step', async () => {
    const chained = asyncAdd(1, 2, deferred((_e: SystemError | null, n: number) => asyncAdd(n, 1)));
    expectTypeOf(chained).toEqualTypeOf<DeferredOperation<S>>();
    const n = await chained;
    expectTypeOf(n).toEqualTypeOf<number>();
    expect(n).toBe(4);
    const changed = asyncAdd(1, 2, deferred((_e: SystemError | null, v: number) => deferred.values(String(v))));
    expectTypeOf(changed).toEqualTypeOf<DeferredOperation<[string]>>();
    expect(await changed).toBe('3');
  });
});

describe('ResultValue: what promise-like tokens yield', () => {
  test('a leading error slot is dropped; [] → void, [x] → x, more → tuple', () => {
    expectTypeOf<ResultValue<[]>>().toEqualTypeOf<void>();
    expectTypeOf<ResultValue<[SystemError | null]>>().toEqualTypeOf<void>();
    expectTypeOf<ResultValue<[Error | null, string]>>().toEqualTypeOf<string>();
    expectTypeOf<ResultValue<[number]>>().toEqualTypeOf<number>();
    expectTypeOf<ResultValue<[number, string]>>().toEqualTypeOf<[number, string]>();
    expectTypeOf<ResultValue<[SystemError | null, number, string]>>().toEqualTypeOf<[number, string]>();
    // As at run time (hasErrorSlot): a leading null or undefined is an empty error slot.
    expectTypeOf<ResultValue<[null]>>().toEqualTypeOf<void>();
    expectTypeOf<ResultValue<[null, number]>>().toEqualTypeOf<number>();
    expectTypeOf<ResultValue<[undefined, number, string]>>().toEqualTypeOf<[number, string]>();
  });

  test('a literal null first value: the type drops it as the value does (deferred.values, useFuture, awaitAll, awaitAny)', async () => {
    const values = deferred.values(null, 1, 'x');
    const pair = await values;
    expectTypeOf(pair).toEqualTypeOf<[number, string]>();
    expect(pair).toEqual([1, 'x']);
    const one = await deferred.values(null, 1)(useFuture);
    expectTypeOf(one).toEqualTypeOf<number>();
    expect(one).toBe(1);
    const all = await awaitAll(deferred.values(null, 1, 'x'));
    expectTypeOf(all).toEqualTypeOf<[[number, string]]>();
    expect(all).toEqual([[1, 'x']]);
    const any = await awaitAny(deferred.values(null, 1));
    expectTypeOf(any).toEqualTypeOf<[0, number]>();
    expect(any).toEqual([0, 1]);
  });

  test('AsyncResult of a plain function is void; of a non-token is never', () => {
    expectTypeOf<AsyncResult<() => void, S>>().toEqualTypeOf<void>();
    expectTypeOf<AsyncResult<42, S>>().toEqualTypeOf<never>();
  });
});
