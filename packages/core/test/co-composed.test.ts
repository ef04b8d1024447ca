// coComposed: composed operations written as generators. Ported from Asio's co_composed.cpp
// (throwing at each point of the body, post loops, nested composed operations, completion
// signatures of 0, 1 and 2 arguments, behaviour on cancellation, a body that never ends), plus
// one operation written as `function*` and as `async function*` and used with every token kind.

import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coComposed,
  coSpawn,
  deferred,
  detached,
  errors,
  IoContext,
  makeError,
  post,
  setDetachedErrorReporter,
  useAwaitable,
  useFuture,
  type AsyncResult,
  type CoComposedState,
  type CompletionToken,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { asyncFail, asyncForever, asyncThrowing, asyncValue, started, turns, until } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

/** Capture what `detached` reports while `fn` runs. */
async function withDetachedReports(fn: (reports: Error[]) => Promise<void> | void): Promise<void> {
  const reports: Error[] = [];
  const previous = setDetachedErrorReporter((e) => reports.push(e));
  try {
    await fn(reports);
  } finally {
    setDetachedErrorReporter(previous);
  }
}

// --- Operations of the Asio port ---------------------------------------------------------------

const thrown = new Error('42');

function throwFirst<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []> {
   
  return coComposed(function* (_state: CoComposedState<[]>): Generator<never, [], unknown> {
    throw thrown;
  }, token);
}

function throwAfterAwait<T extends CompletionToken<[]>>(ioc: IoContext, token: T): AsyncResult<T, []> {
  return coComposed(
    function* (state: CoComposedState<[]>) {
      yield* state.wait(post(ioc));
      throw thrown;
    },
    token,
    ioc,
  );
}

function throwInFirstSuspend<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []> {
  return coComposed(function* (state: CoComposedState<[]>) {
    yield* state.wait(asyncThrowing(thrown));
    return [];
  }, token);
}

function throwInSuspendAfterAwait<T extends CompletionToken<[]>>(ioc: IoContext, token: T): AsyncResult<T, []> {
  return coComposed(
    function* (state: CoComposedState<[]>) {
      yield* state.wait(post(ioc));
      yield* state.wait(asyncThrowing(thrown));
      return [];
    },
    token,
    ioc,
  );
}

function postLoop<T extends CompletionToken<[number]>>(ioc: IoContext, token: T): AsyncResult<T, [number]> {
  return coComposed(
    function* (state: CoComposedState<[number]>) {
      let i = 0;
      for (; i < 100; ++i) yield* state.wait(post(ioc));
      return [i];
    },
    token,
    ioc,
  );
}

function nestedPost(ioc: IoContext): DeferredOperation<[]> {
  return coComposed(
    function* (state: CoComposedState<[]>) {
      yield* state.wait(post(ioc));
      return [] as [];
    },
    deferred,
    ioc,
  );
}

function nestedPostLoop<T extends CompletionToken<[number]>>(ioc: IoContext, token: T): AsyncResult<T, [number]> {
  return coComposed(
    function* (state: CoComposedState<[number]>) {
      let i = 0;
      for (; i < 100; ++i) yield* state.wait(nestedPost(ioc));
      return [i];
    },
    token,
    ioc,
  );
}

function postLoopReturning<S extends unknown[], T extends CompletionToken<S>>(ioc: IoContext, result: S, token: T): AsyncResult<T, S> {
  return coComposed(
    function* (state: CoComposedState<S>) {
      for (let i = 0; i < 100; ++i) yield* state.wait(post(ioc));
      return result;
    },
    token,
    ioc,
  );
}

type EcInt = [err: SystemError | null, n: number];

/** What the body does when it finds cancellation requested after a step. */
type OnCancel = 'completeWith' | 'default' | 'throw';

function loopWithCancellation<T extends CompletionToken<EcInt>>(ioc: IoContext, onCancel: OnCancel, token: T): AsyncResult<T, EcInt> {
  return coComposed(
    function* (state: CoComposedState<EcInt>) {
      try {
        let i = 0;
        for (; i < 100; ++i) {
          yield* state.wait(post(ioc));
          if (state.cancelled() !== CancellationType.None) {
            if (onCancel === 'completeWith') return [makeError(errors.invalidArgument), 42];
            if (onCancel === 'default') return [makeError(errors.operationAborted), 0];
            throw makeError(errors.operationAborted);
          }
        }
        return [makeError(errors.eof), i];
      } catch {
        return [makeError(errors.invalidArgument), 42];
      }
    },
    token,
    ioc,
  );
}

describe('coComposed, ported from Asio co_composed.cpp', () => {
  test('a body that throws before its first step completes with the error (not inside the call)', async () => {
    await withDetachedReports(async (reports) => {
      throwFirst(detached);
      expect(reports).toEqual([]);
      await turns(1);
      expect(reports).toEqual([thrown]);
    });
    const errs: unknown[] = [];
    throwFirst((...args: unknown[]) => errs.push(args[0]));
    expect(errs).toEqual([]);
    await turns(1);
    expect(errs).toEqual([thrown]);
  });

  test('a body that throws after an await completes with the error', async () => {
    await withDetachedReports(async (reports) => {
      const ioc = new IoContext();
      throwAfterAwait(ioc, detached);
      await ioc.run();
      expect(reports).toEqual([thrown]);
    });
  });

  test('an initiation that throws at the first suspension throws at the yield; uncaught, it completes the operation', async () => {
    const errs: unknown[] = [];
    throwInFirstSuspend((...args: unknown[]) => errs.push(args[0]));
    await turns(1);
    expect(errs).toEqual([thrown]);
    // Caught by the body, it is just an exception there.
    const p = coComposed(function* (state: CoComposedState<[string]>) {
      try {
        yield* state.wait(asyncThrowing(thrown));
        return ['no'] as [string];
      } catch (e) {
        return [e === thrown ? 'caught' : 'other'] as [string];
      }
    }, useFuture);
    await expect(p).resolves.toBe('caught');
  });

  test('an initiation that throws at a later suspension does the same', async () => {
    await withDetachedReports(async (reports) => {
      const ioc = new IoContext();
      throwInSuspendAfterAwait(ioc, detached);
      await ioc.run();
      expect(reports).toEqual([thrown]);
    });
  });

  test('a loop of 100 posts completes with the count', async () => {
    const ioc = new IoContext();
    let count = 0;
    postLoop(ioc, (i) => {
      count = i;
    });
    await ioc.run();
    expect(count).toBe(100);
  });

  test('a loop of 100 nested composed operations completes with the count', async () => {
    const ioc = new IoContext();
    let count = 0;
    nestedPostLoop(ioc, (i) => {
      count = i;
    });
    await ioc.run();
    expect(count).toBe(100);
  });

  test('completion signatures with no, one and two arguments', async () => {
    const ioc = new IoContext();
    let done = false;
    postLoopReturning(ioc, [], () => {
      done = true;
    });
    let count = 0;
    postLoopReturning(ioc, [100] as [number], (i) => {
      count = i;
    });
    let pair: [number, string] | undefined;
    postLoopReturning(ioc, [100, 'A'] as [number, string], (i, c) => {
      pair = [i, c];
    });
    await ioc.run();
    expect(done).toBe(true);
    expect(count).toBe(100);
    expect(pair).toEqual([100, 'A']);
  });

  test.each<[OnCancel, string, number]>([
    ['completeWith', 'EINVAL', 42],
    ['default', 'ECANCELED', 0],
    ['throw', 'EINVAL', 42],
  ])('on cancellation (%s): the body decides with state.cancelled()', async (onCancel, code, value) => {
    const ioc = new IoContext();
    const cancel = new CancellationSignal();
    let got: [string | undefined, number] | undefined;
    const record = (e: SystemError | null, i: number): void => {
      got = [e?.code, i];
    };

    loopWithCancellation(ioc, onCancel, record);
    await ioc.run();
    expect(got).toEqual(['EOF', 100]);

    loopWithCancellation(ioc, onCancel, bindCancellationSlot(cancel.slot(), record));
    ioc.restart();
    ioc.pollOne();
    cancel.emit(CancellationType.All);
    await ioc.run();
    expect(got).toEqual([code, value]);

    loopWithCancellation(ioc, onCancel, bindCancellationSlot(cancel.slot(), record));
    ioc.restart();
    await ioc.run();
    expect(got).toEqual(['EOF', 100]);
  });

  test('a body that never ends, detached: it runs up to its first suspension inside the call', () => {
    const ioc = new IoContext();
    let count1 = 0;
    let count2 = 0;
    coComposed(
      function* (state: CoComposedState<[]>) {
        for (;;) {
          ++count1;
          yield* state.wait(post(ioc));
          ++count2;
        }
      },
      detached,
      ioc,
    );
    expect([count1, count2]).toEqual([1, 0]);
    ioc.pollOne();
    expect([count1, count2]).toEqual([2, 1]);
    ioc.restart();
    ioc.pollOne();
    expect([count1, count2]).toEqual([3, 2]);
  });
});

// --- One operation, two ways of writing it, every token ----------------------------------------

type SumSignature = [err: SystemError | null, sum: number];

/** Adds the values of two inner operations; written as a plain generator. */
function asyncSumGen(ioc: IoContext, a: number, b: number): DeferredOperation<SumSignature>;
function asyncSumGen<T extends CompletionToken<SumSignature>>(ioc: IoContext, a: number, b: number, token: T): AsyncResult<T, SumSignature>;
function asyncSumGen(ioc: IoContext, a: number, b: number, token?: unknown): unknown {
  return coComposed(
    function* (state: CoComposedState<SumSignature>) {
      const [e1, x] = yield* state.wait(a < 0 ? asyncFail(ioc, errors.invalidArgument, 0) : asyncValue(ioc, a));
      if (e1 !== null) return [e1, 0] as SumSignature;
      const [e2, y] = yield* state.wait(b < 0 ? asyncFail(ioc, errors.invalidArgument, x) : asyncValue(ioc, b));
      if (e2 !== null) return [e2, x] as SumSignature;
      if (a + b === 13) throw new RangeError('unlucky');
      return [null, x + y] as SumSignature;
    },
    token ?? deferred,
    ioc,
  );
}

/** The same operation written as an async generator (which may also await plain promises). */
function asyncSumAsync(ioc: IoContext, a: number, b: number): DeferredOperation<SumSignature>;
function asyncSumAsync<T extends CompletionToken<SumSignature>>(ioc: IoContext, a: number, b: number, token: T): AsyncResult<T, SumSignature>;
function asyncSumAsync(ioc: IoContext, a: number, b: number, token?: unknown): unknown {
  return coComposed(
    async function* (state: CoComposedState<SumSignature>) {
      const [e1, x] = yield* state.wait(a < 0 ? asyncFail(ioc, errors.invalidArgument, 0) : asyncValue(ioc, a));
      if (e1 !== null) return [e1, 0] as SumSignature;
      await Promise.resolve();
      const [e2, y] = yield* state.wait(b < 0 ? asyncFail(ioc, errors.invalidArgument, x) : asyncValue(ioc, b));
      if (e2 !== null) return [e2, x] as SumSignature;
      if (a + b === 13) throw new RangeError('unlucky');
      return [null, x + y] as SumSignature;
    },
    token ?? deferred,
    ioc,
  );
}

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

describe('coComposed: no promise on the callback path of a function* body', () => {
  test('the callback runs inside ioc.poll() when the inner operations complete on the IoContext', () => {
    const ioc = new IoContext();
    let inPoll = false;
    const calls: unknown[][] = [];
    asyncSumGen(ioc, 20, 22, (err, n) => calls.push([err, n, inPoll]));
    inPoll = true;
    ioc.poll();
    inPoll = false;
    expect(calls).toEqual([[null, 42, true]]);
  });

  test('an async function* body needs the host to turn (its steps are promises)', async () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    asyncSumAsync(ioc, 20, 22, (err, n) => calls.push([err, n]));
    ioc.poll();
    expect(calls).toEqual([]);
    await ioc.run();
    expect(calls).toEqual([[null, 42]]);
  });

  test('a body that completes without waiting completes through a post, not inside the call', () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
     
    coComposed(function* (): Generator<never, [number], unknown> {
      return [1];
    }, (n: number) => calls.push([n]), ioc);
    expect(calls).toEqual([]);
    ioc.poll();
    expect(calls).toEqual([[1]]);
  });

  test('a bare `yield op` in a function* resumes with the arguments array', () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    coComposed(
      function* (_state: CoComposedState<[string]>) {
        const args = (yield asyncValue(ioc, 'v')) as unknown[];
        return [JSON.stringify(args)] as [string];
      },
      (s: string) => calls.push([s]),
      ioc,
    );
    ioc.poll();
    expect(calls).toEqual([['[null,"v"]']]);
  });

  test('state.wait of something that is not an operation throws a TypeError into the body', () => {
    const ioc = new IoContext();
    const calls: unknown[] = [];
    coComposed(
      function* (state: CoComposedState<[string]>) {
        try {
          yield* state.wait(42 as never);
        } catch (e) {
          return [(e as Error).name] as [string];
        }
        return ['no'] as [string];
      },
      (s: string) => calls.push(s),
      ioc,
    );
    ioc.poll();
    expect(calls).toEqual(['TypeError']);
  });
});
