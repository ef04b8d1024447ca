import {
  asTuple,
  AsTuple,
  asyncInitiate,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  deferred,
  detached,
  errorIs,
  errors,
  getAssociatedExecutor,
  IoContext,
  makeError,
  post,
  setDetachedErrorReporter,
  useFuture,
  type Deferred,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncComplete, asyncWaitForever, flush, stats } from './helpers/ops';

describe('asTuple', () => {
  // Asio's as_tuple_test: the adapted handler keeps the inner handler's associated executor.
  test('the handler gets one tuple and still runs on its bound executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const got: unknown[][] = [];
    asyncAddOn(
      io1,
      1,
      2,
      asTuple(
        bindExecutor(io2, (t: [SystemError | null, number]) => {
          got.push(t);
        }),
      ),
    );
    expect(got).toEqual([]);
    await io1.run();
    expect(got).toEqual([]);
    await io2.run();
    expect(got).toEqual([[null, 3]]);
  });

  test('with a callback: errors arrive inside the tuple', async () => {
    const got: unknown[] = [];
    asyncAdd(Number.MAX_SAFE_INTEGER, 2, asTuple((t: [SystemError | null, number]) => got.push(t)));
    await flush();
    expect(got).toHaveLength(1);
    const [err, n] = got[0] as [SystemError, number];
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
    expect(n).toBe(0);
  });

  test('with useFuture: resolves with [err, value] and does not reject on error', async () => {
    const ok = asyncAdd(20, 22, asTuple(useFuture));
    expectTypeOf(ok).toEqualTypeOf<Promise<[SystemError | null, number]>>();
    await expect(ok).resolves.toEqual([null, 42]);
    const [err, n] = await asyncAdd(Number.MAX_SAFE_INTEGER, 1, asTuple(useFuture));
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
    expect(n).toBe(0);
  });

  test('signatures of every arity become one array', async () => {
    const io = new IoContext();
    const p0 = asyncComplete(io, [], asTuple(useFuture));
    const p1 = asyncComplete(io, ['a'], asTuple(useFuture));
    const p3 = asyncComplete(io, [null, 1, 'b'], asTuple(useFuture));
    await io.run();
    await expect(p0).resolves.toEqual([]);
    await expect(p1).resolves.toEqual(['a']);
    await expect(p3).resolves.toEqual([null, 1, 'b']);
  });

  test('with deferred: nothing starts until the deferred operation is launched', async () => {
    const before = stats.initiations;
    const op = asyncAdd(1, 1, asTuple(deferred));
    expect(stats.initiations).toBe(before);
    await expect(op).resolves.toEqual([null, 2]);
    expect(stats.initiations).toBe(before + 1);
  });

  test('with detached: an error inside the tuple is not reported as a failure', async () => {
    const reported: Error[] = [];
    const previous = setDetachedErrorReporter((e) => reported.push(e));
    try {
      asyncAdd(Number.MAX_SAFE_INTEGER, 1, asTuple(detached));
      await flush();
      expect(reported).toEqual([]);
    } finally {
      setDetachedErrorReporter(previous);
    }
  });

  test('the inner handler keeps its cancellation slot (asTuple outside the binder)', async () => {
    const sig = new CancellationSignal();
    const got: unknown[] = [];
    asyncWaitForever(asTuple(bindCancellationSlot(sig.slot(), (t: [SystemError | null]) => got.push(t))));
    expect(sig.slot().hasHandler()).toBe(true);
    sig.emit();
    expect(got).toEqual([]); // not inside emit
    await flush();
    expect(got).toHaveLength(1);
    expect(errorIs((got[0] as [SystemError])[0], errors.operationAborted)).toBe(true);
    expect(sig.slot().hasHandler()).toBe(false);
  });

  test('a binder outside asTuple works too', async () => {
    const sig = new CancellationSignal();
    const p = asyncWaitForever(bindCancellationSlot(sig.slot(), asTuple(useFuture)));
    sig.emit();
    const [err] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
  });

  test('the handler runs exactly once', async () => {
    let count = 0;
    asyncAdd(1, 2, asTuple(() => count++));
    await flush(3);
    expect(count).toBe(1);
  });

  test('asTuple returns an AsTuple token that remembers the inner token', () => {
    const t = asTuple(useFuture);
    expect(t).toBeInstanceOf(AsTuple);
    expect(t.token).toBe(useFuture);
  });
});

describe("asTuple() without a token (Asio 1.31's partial as_tuple)", () => {
  test('wraps deferred: awaiting gives [err, value], never a rejection', async () => {
    const ok = asyncAdd(20, 22, asTuple());
    expectTypeOf(ok).toEqualTypeOf<DeferredOperation<[[SystemError | null, number]]>>();
    expect(ok).toBeInstanceOf(Function); // a deferred operation: nothing started yet
    const t = await ok;
    expectTypeOf(t).toEqualTypeOf<[SystemError | null, number]>();
    expect(t).toEqual([null, 42]);
    const [err, n] = await asyncAdd(Number.MAX_SAFE_INTEGER, 1, asTuple());
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
    expect(n).toBe(0);
  });

  test('the token is an AsTuple around deferred; the deferred operation takes any token later', async () => {
    const token = asTuple();
    expectTypeOf(token).toEqualTypeOf<AsTuple<Deferred>>();
    expect(token).toBeInstanceOf(AsTuple);
    expect(token.token).toBe(deferred);
    const got: unknown[] = [];
    asyncAdd(1, 2, token)((t) => got.push(t));
    await flush();
    expect(got).toEqual([[null, 3]]);
    expect(await asyncAdd(1, 2, token)(useFuture)).toEqual([null, 3]);
  });
});

describe('asTuple(useFuture), which resolves its promise with the tuple directly', () => {
  test("an initiation's programmer error throws from the initiating call, and no promise is left to reject", () => {
    const failing = (): Promise<unknown[]> =>
      asyncInitiate((_h: (err: SystemError | null) => void) => {
        throw new TypeError('bad argument');
      }, asTuple(useFuture));
    expect(failing).toThrow(new TypeError('bad argument'));
  });

  test("an outer binder's executor still reaches the handler, and the tuple keeps the error", async () => {
    const ioc = new IoContext();
    const seen: unknown[] = [];
    const p = asyncInitiate((h: (err: SystemError | null, n: number) => void) => {
      seen.push(getAssociatedExecutor(h) === ioc.getExecutor());
      post(ioc, () => h(makeError(errors.eof), 3));
    }, bindExecutor(ioc, asTuple(useFuture)));
    await ioc.run();
    const [err, n] = await p;
    expect([seen, errorIs(err, errors.eof), n]).toEqual([[true], true, 3]);
  });
});
