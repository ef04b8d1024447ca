// coSpawn with asyncWrite: awaited writes through a coroutine, their byte counts, failures and
// cancellation.
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  coSpawn,
  errorIs,
  errors,
  IoContext,
  redirectError,
  useAwaitable,
  useFuture,
  type ErrorRef,
} from '@asio-ts/core';
import { asyncWrite, TestStream, type AsyncWriteStream } from '@asio-ts/io';
import { started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('coSpawn with asyncWrite', () => {
  const data = new Uint8Array(10).map((_, i) => i + 1);

  function expectedBytes(total: number): Uint8Array {
    const out = new Uint8Array(total);
    for (let i = 0; i < total; i++) out[i] = data[i % data.length]!;
    return out;
  }

  test('10,000 awaited asyncWrites, cancelled in the middle of one: stops with operationAborted after exactly the bytes reported', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    // Manual mode: each write stays pending until completePending() (posted here right after it
    // starts) or until cancelled. 7 bytes per write: every asyncWrite of 10 bytes takes two.
    const ms = new TestStream(ioc, { maxWriteSize: 7, mode: 'manual' });
    const cancelAtWriteSome = 2 * 5000 + 2; // the second chunk of asyncWrite #5000 (0-based)
    let writeSomeCalls = 0;
    const stream: AsyncWriteStream = {
      getExecutor: () => ms.getExecutor(),
      asyncWriteSome(buffers, handler) {
        ms.asyncWriteSome(buffers, handler);
        writeSomeCalls++;
        ioc.getExecutor().post(writeSomeCalls === cancelAtWriteSome ? () => sig.emit() : () => ms.completePending());
      },
    };
    let total = 0;
    let completed = 0;
    let partial = -1;
    const p = coSpawn(
      ioc,
      async () => {
        for (let i = 0; i < 10_000; i++) {
          const [err, n] = await asyncWrite(stream, data, asTuple(useAwaitable));
          total += n;
          if (err !== null) {
            partial = n;
            throw err;
          }
          completed++;
        }
        return total;
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await ioc.run();
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(completed).toBe(5000);
    expect(partial).toBe(7);
    expect(total).toBe(5000 * 10 + 7);
    expect(ms.received().length).toBe(total);
    expect(ms.checkBuffers(expectedBytes(total))).toBe(true);
    expect(ms.hasPending()).toBe(false);
    expect(writeSomeCalls).toBe(cancelAtWriteSome);
  });

  test.each([
    ['the first chunk', 1, 5000, 4],
    ['the middle chunk', 2, 5000, 8],
    ['the last chunk', 3, 5001, null],
  ])(
    'cancelled from inside the stream while it starts %s of a write: the bytes received are exactly the bytes reported',
    async (_name, chunk, expectCompleted, expectPartial) => {
      const ioc = new IoContext();
      const sig = new CancellationSignal();
      // Post mode: every chunk completes (4 + 4 + 2 bytes), whatever cancellation says; the
      // composed write notices the cancellation between chunks, the coroutine at its next await.
      const s = new TestStream(ioc, { maxWriteSize: 4 });
      const cancelAt = 3 * 5000 + chunk;
      let calls = 0;
      const stream: AsyncWriteStream = {
        getExecutor: () => s.getExecutor(),
        asyncWriteSome(buffers, handler) {
          s.asyncWriteSome(buffers, handler);
          if (++calls === cancelAt) sig.emit();
        },
      };
      const ref: ErrorRef = { error: null };
      let total = 0;
      let completed = 0;
      let partial: number | null = null;
      const p = coSpawn(
        ioc,
        async () => {
          for (let i = 0; i < 10_000; i++) {
            const n = await asyncWrite(stream, data, redirectError(useAwaitable, ref));
            total += n;
            if (ref.error !== null) {
              partial = n;
              throw ref.error;
            }
            completed++;
          }
          return total;
        },
        bindCancellationSlot(sig.slot(), useFuture),
      );
      await ioc.run();
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(completed).toBe(expectCompleted);
      // After the last chunk the write itself succeeded; the coroutine's next await threw at once.
      expect(partial).toBe(expectPartial);
      expect(total).toBe(expectCompleted * 10 + (expectPartial ?? 0));
      expect(s.received().length).toBe(total);
      expect(s.checkBuffers(expectedBytes(total))).toBe(true);
    },
  );
});
