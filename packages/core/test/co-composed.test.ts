// coComposed: composed operations written as generators. Ported from Asio's co_composed.cpp
// (throwing at each point of the body, post loops, nested composed operations, completion
// signatures of 0, 1 and 2 arguments, behaviour on cancellation, a body that never ends), plus
// one operation written as `function*` and as `async function*` and used with every token kind.
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coComposed,
  detached,
  IoContext,
  post,
  setDetachedErrorReporter,
  useFuture,
  type CoComposedState,
  type SystemError,
} from '@asio-ts/core';
import { asyncThrowing, started, turns } from './helpers/coro-ops';
import {
  throwFirst,
  throwAfterAwait,
  throwInFirstSuspend,
  throwInSuspendAfterAwait,
  postLoop,
  nestedPostLoop,
  postLoopReturning,
  loopWithCancellation,
  thrown,
  type OnCancel,
} from './helpers/co-composed-ops';

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
