// makeParallelGroup: the ranged form, completion and launch (deferred, completing inside the launch,
// the group's slot), inside a coroutine, and executors and outer cancellation as in Asio.
import {
  bindCancellationSlot,
  bindExecutor,
  getAssociatedCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  deferred,
  errorIs,
  errors,
  IoContext,
  makeParallelGroup,
  RangedParallelGroup,
  ParallelGroup,
  systemExecutor,
  useAwaitable,
  useFuture,
  waitForAll,
  waitForOne,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import {
  asyncForever,
  asyncInline,
  asyncValue,
  ManualClock,
  started,
  turns,
  until,
  type WaitSignature,
} from './helpers/coro-ops';
import { data } from './helpers/parallel-group';

beforeEach(() => {
  started.count = 0;
});

describe('parallel group: the ranged form', () => {
  test('(order, results[]) with one argument array per operation', async () => {
    const ioc = new IoContext();
    const streams = [0, 1, 2].map(() => new TestStream(ioc, { mode: 'manual' }));
    const group = makeParallelGroup(streams.map((s) => asyncWrite(s, data)));
    expect(group).toBeInstanceOf(RangedParallelGroup);
    const calls: unknown[][] = [];
    group.asyncWait(waitForOne(), (order, results) => calls.push([order, results.map(([e, n]) => [e?.code ?? null, n])]));
    expect(streams.every((s) => s.hasPending())).toBe(true);
    streams[1]!.completePending();
    await ioc.run();
    expect(calls).toEqual([
      [
        [1, 0, 2],
        [
          ['ECANCELED', 0],
          [null, 10],
          ['ECANCELED', 0],
        ],
      ],
    ]);
  });

  test('an empty ranged group completes with ([], []), not inside the call', async () => {
    const calls: unknown[][] = [];
    makeParallelGroup([] as DeferredOperation<WaitSignature>[]).asyncWait(waitForAll(), (order, results) => calls.push([order, results]));
    expect(calls).toEqual([]);
    await turns(1);
    expect(calls).toEqual([[[], []]]);
  });

  test('the variadic form is a ParallelGroup', () => {
    expect(makeParallelGroup(asyncForever(systemExecutor))).toBeInstanceOf(ParallelGroup);
  });
});

describe('parallel group: completion and launch', () => {
  test('no token: a deferred operation; nothing starts until it is launched', async () => {
    const ioc = new IoContext();
    const op = makeParallelGroup(asyncValue(ioc, 1), asyncValue(ioc, 2)).asyncWait(waitForAll());
    expect(started.count).toBe(0);
    const calls: unknown[][] = [];
    op((order, e0, a, e1, b) => calls.push([order, e0, a, e1, b]));
    expect(started.count).toBe(2);
    await ioc.run();
    expect(calls).toEqual([[[0, 1], null, 1, null, 2]]);
  });

  test('operations that complete inside their launch: the group still completes after the call', async () => {
    const calls: unknown[][] = [];
    makeParallelGroup(asyncInline('a'), asyncInline('b')).asyncWait(waitForAll(), (order, e0, a, e1, b) => calls.push([order, e0, a, e1, b]));
    expect(calls).toEqual([]);
    await turns(1);
    expect(calls).toEqual([[[0, 1], null, 'a', null, 'b']]);
  });

  test('an operation completing inside its launch with waitForOne cancels operations launched after it', async () => {
    const ioc = new IoContext();
    const p = makeParallelGroup(asyncInline('first'), asyncForever(ioc)).asyncWait(waitForOne(), useFuture);
    await ioc.run();
    const [order, e0, v, e1] = await p;
    expect(order).toEqual([0, 1]);
    expect([e0, v]).toEqual([null, 'first']);
    expect(errorIs(e1, errors.operationAborted)).toBe(true);
  });

  test('the slot bound to the group token cancels every unfinished operation', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const p = makeParallelGroup(clock.wait(1), asyncForever(ioc), clock.wait(10)).asyncWait(waitForAll(), bindCancellationSlot(sig.slot(), useFuture));
    clock.advance(1);
    sig.emit();
    await ioc.run();
    const [order, e0, e1, e2] = await p;
    expect(order).toEqual([0, 1, 2]);
    expect(e0).toBeNull();
    expect(errorIs(e1, errors.operationAborted)).toBe(true);
    expect(errorIs(e2, errors.operationAborted)).toBe(true);
    expect(clock.pending).toBe(0);
  });

  test('programmer errors', () => {
    expect(() => makeParallelGroup(42 as never)).toThrow(TypeError);
    expect(() => makeParallelGroup([asyncForever(systemExecutor), null as never])).toThrow(/ops\[1\]/);
    expect(() => makeParallelGroup(asyncForever(systemExecutor)).asyncWait(null as never, () => {})).toThrow(TypeError);
  });
});

describe('parallel group inside a coroutine', () => {
  test('awaited with useAwaitable: typed results; cancelling the coroutine cancels the group', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const ms = new TestStream(ioc, { mode: 'manual' });
    let stage = 0;
    const p = coSpawn(
      ioc,
      async () => {
        const [order, writeErr, n, timerErr] = await makeParallelGroup(asyncWrite(ms, data), clock.wait(3)).asyncWait(waitForOne(), useAwaitable);
        stage = 1;
        const second = await makeParallelGroup(asyncWrite(ms, data), asyncForever(ioc)).asyncWait(waitForAll(), useAwaitable);
        return { first: [order, (writeErr as SystemError | null)?.code, n, timerErr], second: [second[0], second[1]?.code, second[2], second[3]?.code] };
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => ms.hasPending(), ioc);
    clock.advance(3);
    await until(() => stage === 1 && ms.hasPending() && started.count === 2, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    const { first, second } = await p;
    expect(first).toEqual([[1, 0], 'ECANCELED', 0, null]);
    expect([[...(second[0] as number[])].sort(), ...second.slice(1)]).toEqual([[0, 1], 'ECANCELED', 0, 'ECANCELED']);
  });
});

// experimental/impl/parallel_group.hpp: each operation completes on its own I/O executor, where
// the wait condition runs; only the final handler goes to the group handler's executor.
describe('parallel group: executors and outer cancellation, as Asio', () => {
  test('a waitForOne whose handler is bound to a context that is not running still cancels the slow operation', async () => {
    const io = new IoContext();
    const handlerContext = new IoContext();
    const ms = new TestStream(io, { mode: 'manual' });
    const calls: unknown[] = [];
    makeParallelGroup(asyncWrite(ms, data), asyncValue(io, 7)).asyncWait(
      waitForOne(),
      bindExecutor(handlerContext, (order: number[], writeErr: SystemError | null) => calls.push([order, writeErr?.code])),
    );
    await io.run();
    // The write was cancelled on `io` although `handlerContext` never ran.
    expect(ms.hasPending()).toBe(false);
    expect(calls).toEqual([]);
    await handlerContext.run();
    expect(calls).toEqual([[[1, 0], 'ECANCELED']]);
  });

  test('outer terminal cancellation reaches the operations once; partial every time', async () => {
    const ioc = new IoContext();
    const outer = new CancellationSignal();
    const seen: number[] = [];
    // An operation that records every cancellation it is sent and completes on a terminal one.
    const forever = asyncForever(ioc);
    const probe: DeferredOperation<WaitSignature> = ((token: (err: SystemError | null) => void) => {
      const slot = getAssociatedCancellationSlot(token);
      slot.assign((type) => {
        seen.push(type);
        if ((type & CancellationType.Terminal) !== 0) setTimeout(() => token(null), 0);
      });
    }) as unknown as DeferredOperation<WaitSignature>;
    const done = makeParallelGroup(forever, probe).asyncWait(waitForAll(), bindCancellationSlot(outer.slot(), useFuture));
    outer.emit(CancellationType.Partial);
    outer.emit(CancellationType.Partial);
    outer.emit(CancellationType.Terminal);
    outer.emit(CancellationType.Terminal);
    await ioc.run();
    await done;
    expect(seen).toEqual([CancellationType.Partial, CancellationType.Partial, CancellationType.Terminal]);
  });
});

test('a condition factory passed uncalled is a programmer error naming condition', () => {
  const group = makeParallelGroup(deferred.values(1));
  expect(() => group.asyncWait(waitForAll as never, () => {})).toThrow(TypeError);
  expect(() => group.asyncWait(waitForAll as never, () => {})).toThrow(/^condition must be a wait condition: call the factory, e\.g\. waitForAll\(\)/);
  expect(() => makeParallelGroup([deferred.values(1)]).asyncWait(waitForOne as never, () => {})).toThrow(/waitForOne\(\)/);
});
