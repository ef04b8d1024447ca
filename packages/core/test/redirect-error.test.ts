import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  deferred,
  errorIs,
  errors,
  IoContext,
  makeError,
  redirectError,
  RedirectError,
  useFuture,
  type Deferred,
  type DeferredOperation,
  type ErrorRef,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncComplete, asyncWaitForever, flush } from './helpers/ops';

describe('redirectError', () => {
  // Asio's redirect_error_nullary_test: a signature with only an error leaves a nullary handler.
  test('nullary: the error goes to the ref, the handler gets no arguments', async () => {
    const io = new IoContext();
    const ref: ErrorRef = { error: null };
    const calls: unknown[][] = [];
    const expected = makeError(errors.brokenPipe);
    asyncComplete(io, [expected], redirectError((...args: unknown[]) => calls.push(args), ref));
    await io.run();
    expect(calls).toEqual([[]]);
    expect(ref.error).toBe(expected);
  });

  // Asio's redirect_error_unary_test.
  test('unary: the error goes to the ref, the handler gets the value', async () => {
    const ref: ErrorRef = { error: null };
    const values: number[] = [];
    asyncAdd(Number.MAX_SAFE_INTEGER, 1, redirectError((n: number) => values.push(n), ref));
    await flush();
    expect(values).toEqual([0]);
    expect(errorIs(ref.error, errors.invalidArgument)).toBe(true);
  });

  test('success stores null, replacing an earlier error', async () => {
    const ref: ErrorRef = { error: makeError(errors.eof) };
    const values: number[] = [];
    asyncAdd(1, 2, redirectError((n: number) => values.push(n), ref));
    expect(ref.error).not.toBeNull(); // untouched until completion
    await flush();
    expect(values).toEqual([3]);
    expect(ref.error).toBeNull();
  });

  test('with useFuture: resolves with the value even on error', async () => {
    const ref: ErrorRef = { error: null };
    const p = asyncAdd(Number.MAX_SAFE_INTEGER, 1, redirectError(useFuture, ref));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    await expect(p).resolves.toBe(0);
    expect(errorIs(ref.error, errors.invalidArgument)).toBe(true);
    await expect(asyncAdd(2, 2, redirectError(useFuture, ref))).resolves.toBe(4);
    expect(ref.error).toBeNull();
  });

  test('nullary with useFuture resolves with undefined', async () => {
    const io = new IoContext();
    const ref: ErrorRef = { error: null };
    const p = asyncComplete(io, [makeError(errors.eof) as SystemError | null], redirectError(useFuture, ref));
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    await io.run();
    await expect(p).resolves.toBeUndefined();
    expect(errorIs(ref.error, errors.eof)).toBe(true);
  });

  test('with deferred: launched later, the ref is written at completion', async () => {
    const ref: ErrorRef = { error: makeError(errors.eof) };
    const op = asyncAdd(5, 6, redirectError(deferred, ref));
    await flush();
    expect(ref.error).not.toBeNull();
    await expect(op).resolves.toBe(11);
    expect(ref.error).toBeNull();
  });

  test('keeps the inner handler on its bound executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const ref: ErrorRef = { error: null };
    const values: number[] = [];
    asyncAddOn(io1, 1, 1, redirectError(bindExecutor(io2, (n: number) => values.push(n)), ref));
    await io1.run();
    expect(values).toEqual([]);
    await io2.run();
    expect(values).toEqual([2]);
  });

  test('keeps the inner handler cancellable through its slot', async () => {
    const sig = new CancellationSignal();
    const ref: ErrorRef = { error: null };
    let calls = 0;
    asyncWaitForever(redirectError(bindCancellationSlot(sig.slot(), () => calls++), ref));
    sig.emit();
    await flush();
    expect(calls).toBe(1);
    expect(errorIs(ref.error, errors.operationAborted)).toBe(true);
  });

  test('a ref that is not an object is a TypeError', () => {
    expect(() => redirectError(useFuture, null as unknown as ErrorRef)).toThrow(TypeError);
    expect(() => redirectError(useFuture, 'ec' as unknown as ErrorRef)).toThrow(/ref/);
  });

  test('the token remembers the inner token and the ref', () => {
    const ref: ErrorRef = { error: null };
    const t = redirectError(useFuture, ref);
    expect(t).toBeInstanceOf(RedirectError);
    expect(t.token).toBe(useFuture);
    expect(t.ref).toBe(ref);
  });
});

describe("redirectError(ref) without a token (Asio 1.31's partial redirect_error)", () => {
  test('wraps deferred: awaiting gives the value; the error goes to ref instead of rejecting', async () => {
    const ref: ErrorRef = { error: null };
    const op = asyncAdd(20, 22, redirectError(ref));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[number]>>();
    const n = await op;
    expectTypeOf(n).toEqualTypeOf<number>();
    expect(n).toBe(42);
    expect(ref.error).toBeNull();
    await expect(asyncAdd(Number.MAX_SAFE_INTEGER, 1, redirectError(ref))).resolves.toBe(0);
    expect(errorIs(ref.error, errors.invalidArgument)).toBe(true);
  });

  test('the token is a RedirectError around deferred', () => {
    const ref: ErrorRef = { error: null };
    const token = redirectError(ref);
    expectTypeOf(token).toEqualTypeOf<RedirectError<Deferred>>();
    expect(token.token).toBe(deferred);
    expect(token.ref).toBe(ref);
  });

  test('a token where the ref should be is a TypeError naming ref', () => {
    // @ts-expect-error useFuture is not an ErrorRef (the ref comes after the token)
    expect(() => redirectError(useFuture)).toThrow(/^ref must be an object with an `error` property, got a completion token/);
    expect(() => redirectError(42 as never)).toThrow(new TypeError('ref must be an object with an `error` property'));
    expect(() => redirectError(() => {}, undefined as never)).toThrow(/^ref/);
  });
});
