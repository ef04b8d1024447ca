// spawn: operations through the yield context (yield* op(..., y) evaluates to the result, failures
// throw inside the generator, y.withError(ref) captures them; Asio's yield[ec]).
import {
  append,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  enablePartialCancellation,
  errorIs,
  errors,
  IoContext,
  spawn,
  SteadyTimer,
  SystemError,
  systemExecutor,
  useFuture,
  type ErrorRef,
  type YieldContext,
} from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import { asyncFail, asyncProbe, asyncThrowing, asyncValue, probes, started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('spawn: operations through the yield context', () => {
  test('starts through a post, never inside the call', async () => {
    const ioc = new IoContext();
    let ran = false;
    spawn(
      ioc,
      function* () {
        ran = true;
      },
      () => {},
    );
    expect(ran).toBe(false);
    await ioc.run();
    expect(ran).toBe(true);
  });

  test('yield* asyncWrite(s, b, y) evaluates to the byte count', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 3 });
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const p = spawn(
      ioc,
      function* (y) {
        const n: number = yield* asyncWrite(s, data, y);
        const m = yield* asyncWrite(s, data.subarray(0, 2), y);
        return [n, m];
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toEqual([8, 2]);
    expect(s.checkBuffers(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 1, 2]))).toBe(true);
  });

  test('a failure throws inside the generator, where try/catch can take it', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 3, failAt: 5 });
    const p = spawn(
      ioc,
      function* (y) {
        try {
          yield* asyncWrite(s, new Uint8Array(8), y);
          return 'no error';
        } catch (e) {
          return [(e as SystemError).code, e instanceof SystemError];
        }
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toEqual(['EPIPE', true]);
  });

  test('an uncaught failure completes the spawn with it', async () => {
    const ioc = new IoContext();
    const errs: unknown[] = [];
    spawn(
      ioc,
      function* (y) {
        yield* asyncFail(ioc, errors.eof, 0, y);
      },
      (e) => errs.push(e),
    );
    await ioc.run();
    expect(errs).toHaveLength(1);
    expect(errorIs(errs[0], errors.eof)).toBe(true);
  });

  test('y.withError(ref) captures the error instead of throwing and returns the value (yield[ec])', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 3, failAt: 5 });
    const ref: ErrorRef = { error: null };
    const p = spawn(
      ioc,
      function* (y) {
        expect(() => y.withError(null as never)).toThrow(TypeError);
        const a = yield* asyncValue(ioc, 1, y.withError(ref));
        const afterSuccess = ref.error;
        const n = yield* asyncWrite(s, new Uint8Array(8), y.withError(ref));
        return [a, afterSuccess, n, (ref.error as SystemError | null)?.code];
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toEqual([1, null, 5, 'EPIPE']);
  });

  test('operations carry the coroutine executor; operations with several values give a tuple', async () => {
    const ioc = new IoContext();
    const p = spawn(
      ioc,
      function* (y) {
        expect(y.executor).toBe(ioc.getExecutor());
        const i = yield* asyncProbe(systemExecutor, y);
        const pair = yield* asyncValue(ioc, 1, append(y, 'a'));
        return [i, pair] as const;
      },
      useFuture,
    );
    await ioc.run();
    const [i, pair] = await p;
    expect(probes[i]!.executor).toBe(ioc.getExecutor());
    expect(probes[i]!.deliveredInsideExecutor).toBe(true);
    expect(pair).toEqual([1, 'a']);
  });

  test('an initiation that throws throws at the yield*', async () => {
    const ioc = new IoContext();
    const boom = new TypeError('bad');
    const p = spawn(
      ioc,
      function* (y) {
        try {
          yield* asyncThrowing(boom, y);
        } catch (e) {
          return e;
        }
        return null;
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toBe(boom);
  });

  test('a function returning no generator is a TypeError naming fn, thrown by spawn: nothing starts, no handler runs', async () => {
    const ioc = new IoContext();
    const calls: unknown[] = [];
    const handler = (...args: unknown[]): void => void calls.push(args);
    const expected = new TypeError('fn must be a generator function (function*) or a function returning a generator; it returned 42');
    expect(() => spawn(ioc, (() => 42) as never, handler)).toThrow(expected);
    expect(() => spawn(ioc, (() => 42) as never, useFuture)).toThrow(expected);
    expect(() => spawn(ioc, (() => 42) as never)).toThrow(expected); // deferred: at spawn, not at launch
    expect(() => spawn(ioc, (() => ({ next: 1 })) as never, handler)).toThrow(/^fn must be a generator function/);
    expect(() => spawn(ioc, 42 as never, () => {})).toThrow(new TypeError('fn must be a function, got 42'));
    expect(() => spawn(ioc, (async () => 42) as never, handler)).toThrow(/^fn must be a generator function \(function\*\), not an async function/);
    // A wrapper returning an async generator: its `next` gives promises, which would never end.
    const asyncBody = async function* () {};
    expect(() => spawn(ioc, (() => asyncBody()) as never, handler)).toThrow(/^fn must return a generator \(function\*\), not an async generator, whose steps are promises: use coSpawn/);
    expect(await ioc.run()).toBe(0);
    expect(calls).toEqual([]);
  });

  test('an iterator that is also async-iterable but answers with iterator results still runs', async () => {
    const ioc = new IoContext();
    const both = { next: () => ({ done: true, value: 9 }), throw: (e: unknown) => { throw e; }, [Symbol.iterator]() { return this; }, [Symbol.asyncIterator]() { return this; } };
    const p = spawn(ioc, (() => both) as never, useFuture);
    await ioc.run();
    await expect(p).resolves.toBe(9);
  });

  test('a hand-made iterator whose next() gives no iterator result ends the coroutine with a TypeError, once', async () => {
    const ioc = new IoContext();
    let steps = 0;
    const iterator = {
      next: () => (steps++, 42),
      throw: () => (steps++, 42),
    };
    const p = spawn(ioc, (() => iterator) as never, useFuture);
    await ioc.run();
    await expect(p).rejects.toThrow(/^spawn: the coroutine's next\(\) returned 42, not an iterator result/);
    expect(steps).toBe(1);
  });

  test('a function returning a generator (a wrapper) still works; one that throws fails the coroutine through the handler', async () => {
    const ioc = new IoContext();
    const body = function* (y: YieldContext, k: number) {
      return (yield* asyncValue(ioc, 40, y)) + k;
    };
    const wrapped = spawn(ioc, (y: YieldContext) => body(y, 2), useFuture);
    const boom = new Error('wrapper failed');
    const failed = spawn(
      ioc,
      (): Generator<never, number, unknown> => {
        throw boom;
      },
      useFuture,
    );
    await ioc.run();
    await expect(wrapped).resolves.toBe(42);
    await expect(failed).rejects.toBe(boom);
  });

  test("a wrapper's own code may use y before the coroutine starts: its filters hold once the handler's slot is attached", async () => {
    const stop = new CancellationSignal();
    const seen: CancellationType[] = [];
    const body = function* (y: YieldContext) {
      const ref: ErrorRef = { error: null };
      yield* new SteadyTimer(systemExecutor, 60_000).asyncWait(y.withError(ref));
      return [errorIs(ref.error, errors.operationAborted), y.cancelled()];
    };
    const outcome = spawn(
      systemExecutor,
      (y: YieldContext) => {
        seen.push(y.cancelled());
        y.resetCancellationState(enablePartialCancellation);
        return body(y);
      },
      bindCancellationSlot(stop.slot(), useFuture),
    );
    setTimeout(() => stop.emit(CancellationType.Partial), 10);
    expect(seen).toEqual([CancellationType.None]);
    await expect(outcome).resolves.toEqual([true, CancellationType.Partial]);
  });
});
