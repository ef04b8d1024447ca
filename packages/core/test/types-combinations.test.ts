// Type tests: asyncAdd under Asio's partial forms, a user-defined token kind and combinations of
// adapters; and what must not compile. A wrong type fails type checking (tsc, and ts-jest), so
// `npm test` fails.
import {
  append,
  asTuple,
  asyncResult,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  cancelAfter,
  CancellationSignal,
  deferred,
  inlineExecutor,
  redirectError,
  systemExecutor,
  tokenKind,
  useFuture,
  type AsTuple,
  type AsyncResult,
  type Deferred,
  type DeferredOperation,
  type ErrorRef,
  type Handler,
  type Signature,
  type Initiation,
  type SystemError,
  type TokenObject,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, flush } from './helpers/ops';
import { type S } from './helpers/types';

// The user-defined token kind of Asio's lazy_handler test (also in async-result.test.ts; identical
// augmentations merge).
declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S, T> {
    lazy: 42;
  }
}

const lazy: TokenObject<'lazy'> = {
  [tokenKind]: 'lazy',
  [asyncResult]<Sig extends Signature, A extends unknown[]>(initiation: Initiation<Sig, A>, args: A): 42 {
    initiation((() => {}) as Handler<Sig>, ...args);
    return 42;
  },
};

describe('AsyncResult of asyncAdd under each token', () => {

  test("Asio 1.31's partial forms: the adapter around deferred", async () => {
    const ref: ErrorRef = { error: null };
    const sig = new CancellationSignal();
    const t = asyncAdd(1, 2, asTuple());
    expectTypeOf(t).toEqualTypeOf<DeferredOperation<[S]>>();
    expectTypeOf(t).toEqualTypeOf<AsyncResult<AsTuple<Deferred>, S>>();
    expect(await t).toEqual([null, 3]);
    const r = asyncAdd(1, 2, redirectError(ref));
    expectTypeOf(r).toEqualTypeOf<DeferredOperation<[number]>>();
    expect(await r).toBe(3);
    const e = asyncAdd(1, 2, bindExecutor(systemExecutor));
    expectTypeOf(e).toEqualTypeOf<DeferredOperation<S>>();
    const c = asyncAdd(1, 2, bindCancellationSlot(sig.slot()));
    expectTypeOf(c).toEqualTypeOf<DeferredOperation<S>>();
    const i = asyncAdd(1, 2, bindImmediateExecutor(inlineExecutor));
    expectTypeOf(i).toEqualTypeOf<DeferredOperation<S>>();
    const a = asyncAdd(1, 2, bindAbortSignal(new AbortController().signal));
    expectTypeOf(a).toEqualTypeOf<DeferredOperation<S>>();
    expect(await Promise.all([e, c, i, a])).toEqual([3, 3, 3, 3]);
    // Launched later with another token, the adapter still applies.
    expectTypeOf(asyncAdd(1, 2, asTuple())(useFuture)).toEqualTypeOf<Promise<S>>();
    expectTypeOf(asyncAdd(1, 2, redirectError(ref))(useFuture)).toEqualTypeOf<Promise<number>>();
    // Partial forms nest: the innermost adapter wraps deferred.
    const n = asyncAdd(1, 2, bindExecutor(systemExecutor, asTuple()));
    expectTypeOf(n).toEqualTypeOf<DeferredOperation<[S]>>();
    expect(await n).toEqual([null, 3]);
    await flush();
  });

  test('a user-defined token kind → 42', () => {
    const r = asyncAdd(1, 2, lazy);
    expectTypeOf(r).toEqualTypeOf<42>();
    expect(r).toBe(42);
  });

  test('combinations', async () => {
    const ref: ErrorRef = { error: null };
    const sig = new CancellationSignal();
    const a = asyncAdd(1, 2, cancelAfter(10_000, redirectError(bindExecutor(systemExecutor, useFuture), ref)));
    expectTypeOf(a).toEqualTypeOf<Promise<number>>();
    expect(await a).toBe(3);
    // Adapters apply from the outside in: append sees (err, n) first, asTuple then packs all three.
    const b = asyncAdd(1, 2, bindCancellationSlot(sig.slot(), append(asTuple(useFuture), true)));
    expectTypeOf(b).toEqualTypeOf<Promise<[SystemError | null, number, boolean]>>();
    expect(await b).toEqual([null, 3, true]);
    const b2 = asyncAdd(1, 2, asTuple(append(useFuture, true)));
    expectTypeOf(b2).toEqualTypeOf<Promise<[[SystemError | null, number], boolean]>>();
    expect(await b2).toEqual([[null, 3], true]);
    const c = asyncAdd(1, 2, bindExecutor(systemExecutor, asTuple(deferred)));
    expectTypeOf(c).toEqualTypeOf<DeferredOperation<[[SystemError | null, number]]>>();
    expect(await c).toEqual([null, 3]);
    const d = asyncAdd(1, 2, append(deferred, 1));
    expectTypeOf(d).toEqualTypeOf<DeferredOperation<[SystemError | null, number, number]>>();
    expect(await d).toEqual([3, 1]);
    const e = asyncAdd(1, 2, asTuple(lazy));
    expectTypeOf(e).toEqualTypeOf<42>();
    const f = asyncAdd(1, 2, redirectError(asTuple(useFuture), ref));
    expectTypeOf(f).toEqualTypeOf<Promise<[number]>>();
    expect(await f).toEqual([3]);
    await flush();
  });
});

describe('what must not compile', () => {
  test('rejected at compile time (and at run time where the value is wrong)', async () => {
    // @ts-expect-error the callback's second parameter must be a number
    expect(() => asyncAdd(1, 2, (_err: SystemError | null, _n: string) => {})).not.toThrow();

    // @ts-expect-error a callback cannot require more arguments than the signature has
    expect(() => asyncAdd(1, 2, (_err: SystemError | null, _n: number, _extra: boolean) => {})).not.toThrow();

    // @ts-expect-error a number is not a completion token
    expect(() => asyncAdd(1, 2, 42)).toThrow(TypeError);

    // @ts-expect-error a plain object is not a completion token
    expect(() => asyncAdd(1, 2, {})).toThrow(TypeError);

    // @ts-expect-error the callback form returns nothing to await on
    expect(() => asyncAdd(1, 2, () => {}).then).toThrow(TypeError);

    // @ts-expect-error useFuture gives a number, not a string
    const s: Promise<string> = asyncAdd(1, 2, useFuture);

    // @ts-expect-error append adds to the result: it is not a plain number any more
    const n: Promise<number> = asyncAdd(1, 2, append(useFuture, 'x'));

    // @ts-expect-error the user token's result is 42, exactly
    const x: 43 = asyncAdd(1, 2, lazy);

    // @ts-expect-error a deferred operation launched with a callback returns nothing
    const v: Promise<number> = asyncAdd(1, 2)(() => {});

    // @ts-expect-error deferred(fn) needs fn to return a deferred operation
    expect(() => deferred((_e: SystemError | null) => 5)).not.toThrow();

    // @ts-expect-error redirectError needs a ref
    expect(() => redirectError(useFuture)).toThrow(TypeError);

    // @ts-expect-error cancelAfter takes milliseconds as a number
    expect(() => cancelAfter('10', useFuture)).toThrow(TypeError);

    // @ts-expect-error bindExecutor needs an executor or an execution context
    expect(() => bindExecutor(42, useFuture)).toThrow(TypeError);

    // @ts-expect-error asTuple() resolves with the [err, n] tuple, not with n
    const fromTuple: number = await asyncAdd(1, 2, asTuple());

    // @ts-expect-error redirectError(ref) drops the error slot: the value is a number, not a tuple
    const fromRedirect: [SystemError | null, number] = await asyncAdd(1, 2, redirectError({ error: null }));

    // @ts-expect-error the partial binder still types the deferred operation's result
    const fromBinder: string = await asyncAdd(1, 2, bindExecutor(systemExecutor));

    // @ts-expect-error bindCancellationSlot needs a slot, not a signal
    expect(() => bindCancellationSlot(new CancellationSignal(), useFuture)).toThrow(TypeError);

    await Promise.all([s, n]);
    expect([fromTuple, fromRedirect, fromBinder]).toEqual([[null, 3], 3, 3]);
    expect(x).toBe(42);
    await flush();
    void v;
  });
});
