// Parallel groups (Asio's experimental::parallel_group). Ported from Asio's
// experimental/parallel_group.cpp (a ranged group of timers with appended ids: wait_for_all gives
// the completion order, wait_for_one cancels the rest), plus every wait condition, a write racing
// a timer, the variadic and ranged completion signatures, and groups inside coroutines.
import {
  append,
  cancelAfter,
  CancellationType,
  Channel,
  deferred,
  errorIs,
  errors,
  IoContext,
  makeParallelGroup,
  SteadyTimer,
  useFuture,
  waitForAll,
  waitForOne,
  waitForOneError,
  waitForOneSuccess,
} from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import { asyncFail, asyncForever, asyncValue, ManualClock, started, turns, until } from './helpers/coro-ops';
import { data } from './helpers/parallel-group';

beforeEach(() => {
  started.count = 0;
});

describe('parallel group, ported from Asio experimental/parallel_group.cpp', () => {
  test('a ranged group of timers: wait_for_all in completion order; wait_for_one cancels the rest', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const timer = (cnt: number, ticks: number) => clock.wait(ticks, append(deferred, cnt));

    let called = 0;
    makeParallelGroup([timer(1, 100), timer(2, 60), timer(3, 80), timer(4, 20), timer(5, 40)]).asyncWait(
      waitForAll(),
      (seq, res) => {
        called++;
        expect(seq.length).toBe(res.length);
        expect(seq).toEqual([3, 4, 1, 2, 0]);
        res.forEach(([err, cnt], i) => {
          expect(err).toBeNull();
          expect(cnt).toBe(i + 1);
        });
      },
    );
    makeParallelGroup([timer(1, 60), timer(2, 20), timer(3, 10), timer(4, 80)]).asyncWait(waitForOne(), (seq, res) => {
      called++;
      expect(seq.length).toBe(res.length);
      expect(seq).toHaveLength(4);
      expect(seq[0]).toBe(2);
      expect(errorIs(res[0]![0], errors.operationAborted)).toBe(true);
      expect(errorIs(res[1]![0], errors.operationAborted)).toBe(true);
      expect(res[2]![0]).toBeNull();
      expect(errorIs(res[3]![0], errors.operationAborted)).toBe(true);
      expect(res.map(([, cnt]) => cnt)).toEqual([1, 2, 3, 4]);
    });
    // Time passes in steps, as with Asio's real timers: each operation completes on its own I/O
    // executor (the context), where the wait condition runs and cancels the rest
    // (experimental/impl/parallel_group.hpp); timers that expired in the same step are already
    // complete by then.
    for (let i = 0; i < 10; i++) {
      clock.advance(10);
      ioc.poll();
    }
    await ioc.run();
    expect(called).toBe(2);
    expect(clock.pending).toBe(0);
  });
});

describe('parallel group: an asyncWrite racing a timer', () => {
  test('waitForOne: the timer wins and the write that never completes is cancelled with operationAborted', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const ms = new TestStream(ioc, { mode: 'manual' });
    const calls: unknown[][] = [];
    makeParallelGroup(asyncWrite(ms, data), clock.wait(5)).asyncWait(waitForOne(), (order, writeErr, n, timerErr) => {
      calls.push([order, writeErr?.code, n, timerErr]);
    });
    expect(ms.hasPending()).toBe(true);
    clock.advance(5);
    // The timer's handler runs on its own I/O executor (the context), and the wait condition
    // there cancels the write (experimental/impl/parallel_group.hpp).
    expect(ms.hasPending()).toBe(true);
    await ioc.run();
    expect(ms.hasPending()).toBe(false);
    expect(calls).toEqual([[[1, 0], 'ECANCELED', 0, null]]);
    expect(ms.received().length).toBe(0);
  });

  test('waitForOne against an operation with cancelAfter: the timed-out one completes first, then the write is cancelled', async () => {
    const ioc = new IoContext();
    const ms = new TestStream(ioc, { mode: 'manual' });
    const p = makeParallelGroup(asyncWrite(ms, data), asyncForever(ioc, cancelAfter(1))).asyncWait(waitForOne(), useFuture);
    await ioc.run();
    const [order, writeErr, n, timerErr] = await p;
    expect(order).toEqual([1, 0]);
    expect(errorIs(writeErr, errors.operationAborted)).toBe(true);
    expect(n).toBe(0);
    expect(errorIs(timerErr, errors.operationAborted)).toBe(true);
  });

  test('cancelAfter on the group itself cancels every unfinished operation', async () => {
    const ioc = new IoContext();
    const ms = new TestStream(ioc, { mode: 'manual' });
    const p = makeParallelGroup(asyncWrite(ms, data), asyncForever(ioc)).asyncWait(waitForAll(), cancelAfter(1, useFuture));
    await ioc.run();
    const [order, writeErr, n, waitErr] = await p;
    expect([...order].sort()).toEqual([0, 1]);
    expect(errorIs(writeErr, errors.operationAborted)).toBe(true);
    expect(n).toBe(0);
    expect(errorIs(waitErr, errors.operationAborted)).toBe(true);
  });

  test('waitForAll: both complete, in completion order', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const s = new TestStream(ioc, { maxWriteSize: 4 });
    const p = makeParallelGroup(clock.wait(5), asyncWrite(s, data)).asyncWait(waitForAll(), useFuture);
    // The write completes as the context runs; the timer only when the clock moves.
    const run = ioc.run();
    await until(() => s.received().length === data.length);
    clock.advance(5);
    await run;
    await expect(p).resolves.toEqual([[1, 0], null, null, 10]);
  });
});

describe('parallel group: wait conditions', () => {
  test('waitForOneSuccess: a failure does not stop the group; the first success cancels the rest', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const p = makeParallelGroup(asyncFail(ioc, errors.eof, 1), clock.wait(5), asyncForever(ioc)).asyncWait(waitForOneSuccess(), useFuture);
    const run = ioc.run();
    await until(() => started.count === 3);
    await turns(2);
    expect(clock.pending).toBe(1);
    clock.advance(5);
    await run;
    const [order, e0, n0, e1, e2] = await p;
    expect(order).toEqual([0, 1, 2]);
    expect(errorIs(e0, errors.eof)).toBe(true);
    expect(n0).toBe(1);
    expect(e1).toBeNull();
    expect(errorIs(e2, errors.operationAborted)).toBe(true);
  });

  test('waitForOneError: successes do not stop the group; the first error cancels the rest', async () => {
    const ioc = new IoContext();
    const p = makeParallelGroup(asyncValue(ioc, 'a'), asyncFail(ioc, errors.brokenPipe, 2), asyncForever(ioc)).asyncWait(
      waitForOneError(),
      useFuture,
    );
    await ioc.run();
    const [order, e0, v0, e1, n1, e2] = await p;
    expect(order).toEqual([0, 1, 2]);
    expect([e0, v0]).toEqual([null, 'a']);
    expect([errorIs(e1, errors.brokenPipe), n1]).toEqual([true, 2]);
    expect(errorIs(e2, errors.operationAborted)).toBe(true);
  });

  test('waitForOne(type) emits that type; operations that ignore it run on', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const calls: unknown[][] = [];
    makeParallelGroup(asyncValue(ioc, 1), clock.wait(5)).asyncWait(waitForOne(CancellationType.None), (order, e0, v, e1) =>
      calls.push([order, e0, v, e1]),
    );
    // The timer holds work on the context: poll, not run.
    ioc.poll();
    expect(calls).toEqual([]);
    expect(clock.pending).toBe(1);
    clock.advance(5);
    await ioc.run();
    expect(calls).toEqual([[[0, 1], null, 1, null]]);
  });
});

describe('parallel group: a channel receive racing a timer', () => {
  test("a closed channel's receive keeps its signature's places: the timer's error stays in its own", async () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 1);
    ch.trySend(null, 'first');
    ch.tryReceive(() => {});
    ch.close();
    const timer = new SteadyTimer(ioc, 60_000);
    const args: unknown[][] = [];
    makeParallelGroup(ch.asyncReceive(), timer.asyncWait()).asyncWait(waitForOne(), (...a: unknown[]) => args.push(a));
    await ioc.run();
    expect(args).toHaveLength(1);
    const [order, receiveError, value, timerError] = args[0]!;
    expect(args[0]).toHaveLength(4);
    expect(order).toEqual([0, 1]);
    expect(errorIs(receiveError, errors.channelClosed)).toBe(true);
    expect(value).toBeUndefined();
    expect(errorIs(timerError, errors.operationAborted)).toBe(true);
  });
});
