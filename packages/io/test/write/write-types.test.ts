/**
 * Static types of `asyncWrite` per token kind. The assertions are checked by `tsc` (and by
 * ts-jest when the file is compiled); every call also runs, against a real TestStream, so the
 * run-time values are checked to be what the types say.
 */
import {
  asTuple,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  deferred,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  makeStrand,
  makeWorkGuard,
  redirectError,
  useFuture,
  type DeferredOperation,
  type ErrorRef,
  type SystemError,
} from '@asio-ts/core';
import { asyncWrite, completionCondition, Streambuf, TestStream, transferAtLeast, transferExactly, type WriteSignature } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { Lazy42Token } from '../helpers/tokens.js';
import { writeData } from '../helpers/bytes.js';
import { shortTransfer } from '../helpers/conditions.js';

let ioc: IoContext;
let s: TestStream;
const b = writeData;

beforeEach(() => {
  ioc = new IoContext();
  s = new TestStream(ioc, { maxWriteSize: 10 });
});

afterEach(async () => {
  // Everything started in a test gets to finish.
  await ioc.run();
});

test('a callback: returns void, and (err, n) are inferred as SystemError | null and number', () => {
  const r = asyncWrite(s, b, (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  expectTypeOf(r).toEqualTypeOf<void>();
  expect(r).toBeUndefined();

  // With a condition, and inside binders: still inferred.
  const r2 = asyncWrite(s, b, transferAtLeast(4), (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  expectTypeOf(r2).toEqualTypeOf<void>();
  const sig = new CancellationSignal();
  const r3 = asyncWrite(s, b, bindCancellationSlot(sig.slot(), (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  }));
  expectTypeOf(r3).toEqualTypeOf<void>();
  const r4 = asyncWrite(s, b, shortTransfer, bindExecutor(ioc, (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  }));
  expectTypeOf(r4).toEqualTypeOf<void>();
});

test('a callback with the wrong parameter types is a type error', () => {
  // @ts-expect-error the first parameter receives SystemError | null, not a string
  asyncWrite(s, b, (err: string, n: number) => void [err, n]);
  // @ts-expect-error the second parameter receives a number
  asyncWrite(s, b, transferAtLeast(1), (err: SystemError | null, n: string) => void [err, n]);
  // @ts-expect-error a handler takes no more than (err, n)
  asyncWrite(s, b, (err: SystemError | null, n: number, extra: boolean) => void [err, n, extra]);
});

test('useFuture: Promise<number>, with or without a condition', async () => {
  const p = asyncWrite(s, b, useFuture);
  expectTypeOf(p).toEqualTypeOf<Promise<number>>();
  const q = asyncWrite(new TestStream(ioc), b, transferExactly(5), useFuture);
  expectTypeOf(q).toEqualTypeOf<Promise<number>>();
  const u = asyncWrite(new TestStream(ioc), b, shortTransfer, useFuture);
  expectTypeOf(u).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await Promise.all([p, q, u])).toEqual([b.length, 5, b.length]);
});

test('no token, deferred, or a condition without a token: DeferredOperation<[SystemError | null, number]>', () => {
  const ops = [
    asyncWrite(s, b),
    asyncWrite(s, b, deferred),
    asyncWrite(s, b, transferAtLeast(1)),
    asyncWrite(s, b, transferAtLeast(1), deferred),
    asyncWrite(s, b, shortTransfer, undefined),
    asyncWrite(s, b, completionCondition(shortTransfer)),
  ] as const;
  expectTypeOf(ops[0]).toEqualTypeOf<DeferredOperation<[SystemError | null, number]>>();
  expectTypeOf(ops[0]).toEqualTypeOf<DeferredOperation<WriteSignature>>();
  expectTypeOf(ops[1]).toEqualTypeOf<DeferredOperation<WriteSignature>>();
  expectTypeOf(ops[2]).toEqualTypeOf<DeferredOperation<WriteSignature>>();
  expectTypeOf(ops[3]).toEqualTypeOf<DeferredOperation<WriteSignature>>();
  expectTypeOf(ops[4]).toEqualTypeOf<DeferredOperation<WriteSignature>>();
  expectTypeOf(ops[5]).toEqualTypeOf<DeferredOperation<WriteSignature>>();
  for (const op of ops) expect(typeof op).toBe('function');

  // Launching it later with a token gives that token's result.
  const later = ops[0]((err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  expectTypeOf(later).toEqualTypeOf<void>();
  const laterFuture = ops[2](useFuture);
  expectTypeOf(laterFuture).toEqualTypeOf<Promise<number>>();
  void laterFuture.catch(() => {});
});

test('asTuple(useFuture): Promise<[SystemError | null, number]>', async () => {
  const t = asyncWrite(s, b, asTuple(useFuture));
  expectTypeOf(t).toEqualTypeOf<Promise<[SystemError | null, number]>>();
  const t2 = asyncWrite(s, b, transferAtLeast(1), asTuple(useFuture));
  expectTypeOf(t2).toEqualTypeOf<Promise<[SystemError | null, number]>>();
  await ioc.run();
  expect(await t).toEqual([null, b.length]);
});

test('redirectError(useFuture, ref): Promise<number>', async () => {
  const ref: ErrorRef = { error: null };
  const r = asyncWrite(s, b, redirectError(useFuture, ref));
  expectTypeOf(r).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await r).toBe(b.length);
});

test('bindExecutor(ex, useFuture): Promise<number>', async () => {
  const r = asyncWrite(s, b, bindExecutor(makeStrand(ioc), useFuture));
  expectTypeOf(r).toEqualTypeOf<Promise<number>>();
  const r2 = asyncWrite(new TestStream(ioc), b, transferAtLeast(1), bindExecutor(ioc, useFuture));
  expectTypeOf(r2).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await r).toBe(b.length);
  expect(await r2).toBe(b.length);
});

describe("Asio 1.31's partial forms: an adapter without a token wraps deferred", () => {
  test('await asyncWrite(s, b, asTuple()) is [err, n], also on failure', async () => {
    const guard = makeWorkGuard(ioc);
    const running = ioc.run();
    const op = asyncWrite(s, b, asTuple());
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[[SystemError | null, number]]>>();
    const t = await op;
    expectTypeOf(t).toEqualTypeOf<[SystemError | null, number]>();
    expect(t).toEqual([null, b.length]);
    const failing = new TestStream(ioc, { failAt: 5 });
    const [err, n] = await asyncWrite(failing, b, transferAtLeast(1), asTuple());
    expect(errorIs(err, errors.brokenPipe)).toBe(true);
    expect(n).toBe(5);
    guard.reset();
    await running;
  });

  test('redirectError(ref): await gives the count; the error goes to ref', async () => {
    const guard = makeWorkGuard(ioc);
    const running = ioc.run();
    const ref: ErrorRef = { error: null };
    const op = asyncWrite(new TestStream(ioc, { failAt: 3 }), b, redirectError(ref));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[number]>>();
    const n = await op;
    expectTypeOf(n).toEqualTypeOf<number>();
    expect(n).toBe(3);
    expect(errorIs(ref.error, errors.brokenPipe)).toBe(true);
    guard.reset();
    await running;
  });

  test('the binders: await gives the count (the deferred operation under the binder)', async () => {
    const guard = makeWorkGuard(ioc);
    const running = ioc.run();
    const ops = [
      asyncWrite(new TestStream(ioc), b, bindExecutor(makeStrand(ioc))),
      asyncWrite(new TestStream(ioc), b, bindCancellationSlot(new CancellationSignal().slot())),
      asyncWrite(new TestStream(ioc), b, bindImmediateExecutor(inlineExecutor)),
      asyncWrite(new TestStream(ioc), b, bindAbortSignal(new AbortController().signal)),
    ] as const;
    for (const op of ops) expectTypeOf(op).toEqualTypeOf<DeferredOperation<WriteSignature>>();
    expect(await Promise.all(ops)).toEqual([b.length, b.length, b.length, b.length]);
    guard.reset();
    await running;
  });
});

test('a user token kind added through CompletionTokenTypes: 42', () => {
  const r = asyncWrite(s, b, new Lazy42Token());
  expectTypeOf(r).toEqualTypeOf<42>();
  const r2 = asyncWrite(s, new Streambuf(), shortTransfer, new Lazy42Token());
  expectTypeOf(r2).toEqualTypeOf<42>();
  expect([r, r2]).toEqual([42, 42]);
});

test('await asyncWrite(s, b) is a number', async () => {
  const guard = makeWorkGuard(ioc);
  const running = ioc.run();
  const n = await asyncWrite(s, b);
  expectTypeOf(n).toEqualTypeOf<number>();
  const m = await asyncWrite(s, b, transferAtLeast(1));
  expectTypeOf(m).toEqualTypeOf<number>();
  guard.reset();
  await running;
  expect([n, m]).toEqual([b.length, 10]);
});

test('a generic caller holding token?: T still type-checks', async () => {
  function relay<T extends typeof useFuture>(token?: T) {
    return asyncWrite(s, b, token);
  }
  const r = relay(useFuture);
  expectTypeOf(r).toEqualTypeOf<Promise<number>>();
  await ioc.run();
  expect(await r).toBe(b.length);
});
