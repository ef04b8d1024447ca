// spawn: cancellation through the spawn's slot (throwIfCancelled, resetCancellationState), and
// synchronous completions that must not recurse.
import {
  bindCancellationSlot,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  enablePartialCancellation,
  inlineExecutor,
  IoContext,
  spawn,
  SystemError,
  useFuture,
  type ErrorRef,
} from '@asio-ts/core';
import { asyncWrite, TestStream, type AsyncWriteStream } from '@asio-ts/io';
import { asyncForever, asyncInline, asyncValue, ManualClock, started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('spawn: cancellation', () => {
  test("cancelling the spawn's slot reaches the pending write", async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const s = new TestStream(ioc, { mode: 'manual', maxWriteSize: 4 });
    const log: unknown[] = [];
    const p = spawn(
      ioc,
      function* (y) {
        const n = yield* asyncWrite(s, new Uint8Array(6), y);
        log.push(n);
        try {
          yield* asyncWrite(s, new Uint8Array(6), y);
        } catch (e) {
          log.push((e as SystemError).code, y.cancelled());
        }
        return s.received().length;
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    ioc.poll();
    expect(s.completePending()).toBe(true);
    ioc.poll();
    expect(s.completePending()).toBe(true);
    ioc.poll();
    expect(log).toEqual([6]);
    expect(s.hasPending()).toBe(true);
    sig.emit(CancellationType.Terminal);
    expect(s.hasPending()).toBe(false);
    await ioc.run();
    await expect(p).resolves.toBe(6);
    expect(log).toEqual([6, 'ECANCELED', CancellationType.Terminal]);
  });

  test('after cancellation the next operation throws at once unless throwIfCancelled(false); resetCancellationState starts over', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const log: unknown[] = [];
    const p = spawn(
      ioc,
      function* (y) {
        log.push(y.throwIfCancelled());
        try {
          yield* asyncForever(ioc, y);
        } catch (e) {
          log.push((e as SystemError).code);
        }
        const before = started.count;
        try {
          yield* asyncValue(ioc, 1, y);
        } catch (e) {
          log.push(`at once ${(e as SystemError).code}`, started.count - before);
        }
        y.throwIfCancelled(false);
        log.push(yield* asyncValue(ioc, 2, y));
        y.throwIfCancelled(true);
        y.resetCancellationState(enablePartialCancellation);
        log.push(y.cancelled());
        try {
          yield* clock.wait(5, y);
        } catch (e) {
          log.push((e as SystemError).code, y.cancelled());
        }
        return 'end';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    ioc.poll();
    sig.emit(CancellationType.All);
    ioc.poll();
    expect(clock.pending).toBe(1);
    sig.emit(CancellationType.Partial);
    await ioc.run();
    await expect(p).resolves.toBe('end');
    expect(log).toEqual([
      true,
      'ECANCELED',
      'at once ECANCELED',
      0,
      2,
      CancellationType.None,
      'ECANCELED',
      CancellationType.Partial,
    ]);
  });

  test('10,000 yield* asyncWrites, cancelled in the middle of one: stops with operationAborted after exactly the bytes reported', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const ms = new TestStream(ioc, { maxWriteSize: 7, mode: 'manual' });
    const data = new Uint8Array(10).fill(9);
    const cancelAt = 2 * 5000 + 2;
    let calls = 0;
    const stream: AsyncWriteStream = {
      getExecutor: () => ms.getExecutor(),
      asyncWriteSome(buffers, handler) {
        ms.asyncWriteSome(buffers, handler);
        ioc.getExecutor().post(++calls === cancelAt ? () => sig.emit() : () => ms.completePending());
      },
    };
    const ref: ErrorRef = { error: null };
    let total = 0;
    let completed = 0;
    const p = spawn(
      ioc,
      function* (y) {
        for (let i = 0; i < 10_000; i++) {
          total += yield* asyncWrite(stream, data, y.withError(ref));
          if (ref.error !== null) throw ref.error;
          completed++;
        }
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
    expect(completed).toBe(5000);
    expect(total).toBe(5000 * 10 + 7);
    expect(ms.received().length).toBe(total);
  });
});

describe('spawn: synchronous completions do not recurse', () => {
  test('10,000 operations that call their handler inside the initiating call', async () => {
    const ioc = new IoContext();
    const p = spawn(
      ioc,
      function* (y) {
        let sum = 0;
        for (let i = 0; i < 10_000; i++) sum += yield* asyncInline(1, y);
        return sum;
      },
      useFuture,
    );
    // The whole loop ran inside one handler: the start, plus the completion.
    expect(await ioc.run()).toBeLessThanOrEqual(2);
    await expect(p).resolves.toBe(10_000);
  });

  test('10,000 asyncWrites completing through bindImmediateExecutor(inlineExecutor, y)', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 2 });
    const data = new Uint8Array([1, 2, 3]);
    const p = spawn(
      ioc,
      function* (y) {
        const inline = bindImmediateExecutor(inlineExecutor, y);
        let sum = 0;
        for (let i = 0; i < 10_000; i++) sum += yield* asyncWrite(s, data, inline);
        return sum;
      },
      useFuture,
    );
    expect(await ioc.run()).toBeLessThanOrEqual(2);
    await expect(p).resolves.toBe(30_000);
    expect(s.received().length).toBe(30_000);
    expect(s.writeCalls).toBe(20_000);
  });
});
