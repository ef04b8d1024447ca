/**
 * Cancellation of `asyncWrite`: per-operation slots, abort signals and what is consumed.
 */
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  getAssociatedCancellationSlot,
  IoContext,
  makeError,
  SystemError,
  systemExecutor,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite, Streambuf, TestStream, type ConstBufferSequence, type WriteHandler } from '@asio-ts/io';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';
import { writeData, writeDataSize } from '../helpers/bytes.js';
import { flushMicrotasks } from '../helpers/microtasks.js';

describe('cancellation', () => {
  /** Complete the pending chunk of a manual stream and run what that delivers. */
  function completeChunk(ioc: IoContext, stream: TestStream): void {
    expect(stream.completePending()).toBe(true);
    ioc.poll();
  }

  type Binder = (h: WriteHandler) => { token: WriteHandler; cancel(): void; released(): boolean };

  const viaSignal = (type: CancellationType): Binder => (h) => {
    const sig = new CancellationSignal();
    return {
      token: bindCancellationSlot(sig.slot(), h),
      cancel: () => sig.emit(type),
      released: () => !sig.slot().hasHandler(),
    };
  };
  const viaAbortSignal = (type: CancellationType): Binder => (h) => {
    const ac = new AbortController();
    return {
      token: bindAbortSignal(ac.signal, h, type),
      cancel: () => ac.abort(),
      released: () => getEventListeners(ac.signal, 'abort').length === 0,
    };
  };

  describe.each([
    ['bindCancellationSlot, terminal', viaSignal(CancellationType.Terminal)],
    ['bindCancellationSlot, partial', viaSignal(CancellationType.Partial)],
    ['bindCancellationSlot, terminal | partial', viaSignal(CancellationType.Terminal | CancellationType.Partial)],
    ['bindAbortSignal, terminal', viaAbortSignal(CancellationType.Terminal)],
    ['bindAbortSignal, partial', viaAbortSignal(CancellationType.Partial)],
  ] as const)('%s', (_name, bind) => {
    test('while a chunk is pending: forwarded to the stream; operationAborted and the bytes before', async () => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
      const sb = new Streambuf();
      sb.sputn(writeData);
      let got: [SystemError | null, number] | undefined;
      let calls = 0;
      const b = bind((err, n) => {
        calls++;
        got = [err, n];
      });
      asyncWrite(stream, sb, b.token);
      expect(b.released()).toBe(false);
      completeChunk(ioc, stream);
      completeChunk(ioc, stream);
      expect(stream.hasPending()).toBe(true);
      b.cancel();
      // The stream dropped its pending write: the cancellation reached asyncWriteSome's slot.
      expect(stream.hasPending()).toBe(false);
      await ioc.run();
      expect(calls).toBe(1);
      expect(got![0]?.code).toBe('ECANCELED');
      expect(errorIs(got![0], errors.operationAborted)).toBe(true);
      expect(got![1]).toBe(20);
      expect(stream.checkBuffers(writeData.subarray(0, 20))).toBe(true);
      expect(sb.data()).toEqual(writeData.subarray(20));
      // Released at completion: emitting again is a no-op.
      expect(b.released()).toBe(true);
      b.cancel();
      await flushMicrotasks();
      expect(calls).toBe(1);
    });

    test('after a normal completion the slot has no handler and cancelling is a no-op', async () => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10 });
      let calls = 0;
      const b = bind((err, n) => {
        calls++;
        expect(err).toBeNull();
        expect(n).toBe(writeDataSize);
      });
      asyncWrite(stream, writeData, b.token);
      expect(b.released()).toBe(false);
      await ioc.run();
      expect(calls).toBe(1);
      expect(b.released()).toBe(true);
      b.cancel();
      await flushMicrotasks();
      expect(calls).toBe(1);
    });
  });

  test('partial cancellation between chunks stops the operation with operationAborted before the next chunk', async () => {
    // The handler runs on a second context, so a chunk the stream completed waits there: the
    // cancellation arrives after the stream finished the chunk and before asyncWrite saw it.
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), bindExecutor(ioc2, (err, n) => {
      got = [err, n];
    })));
    expect(stream.completePending()).toBe(true);
    expect(stream.hasPending()).toBe(false);
    sig.emit(CancellationType.Partial);
    ioc2.poll();
    expect(got?.[0]?.code).toBe('ECANCELED');
    expect(got?.[1]).toBe(10);
    expect(stream.writeCalls).toBe(1);
    expect(sig.slot().hasHandler()).toBe(false);
    await Promise.all([ioc.run(), ioc2.run()]);
  });

  test.each(['terminal', 'partial'] as const)(
    '%s cancellation of a stream that ignores it stops the operation after the chunk in flight',
    async (kind) => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10 }); // 'post' mode: no cancellation support
      const sig = new CancellationSignal();
      let got: [SystemError | null, number] | undefined;
      asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
        got = [err, n];
      }));
      sig.emit(kind === 'terminal' ? CancellationType.Terminal : CancellationType.Partial);
      await ioc.run();
      expect(got?.[0]?.code).toBe('ECANCELED');
      expect(got?.[1]).toBe(10);
      expect(stream.checkBuffers(writeData.subarray(0, 10))).toBe(true);
    },
  );

  test('Total alone is filtered out by asyncWrite (terminal and partial only) and the write completes', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    const sig = new CancellationSignal();
    const ac = new AbortController();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
      got = [err, n];
    }));
    const stream2 = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    let got2: [SystemError | null, number] | undefined;
    asyncWrite(stream2, writeData, bindAbortSignal(ac.signal, (err, n) => {
      got2 = [err, n];
    }, CancellationType.Total));
    completeChunk(ioc, stream);
    sig.emit(CancellationType.Total);
    ac.abort();
    // Not forwarded: the streams (which would honour Total) still hold their pending writes.
    expect(stream.hasPending()).toBe(true);
    expect(stream2.hasPending()).toBe(true);
    while (stream.hasPending() || stream2.hasPending()) {
      stream.completePending();
      stream2.completePending();
      ioc.poll();
    }
    await ioc.run();
    expect(got).toEqual([null, writeDataSize]);
    expect(got2).toEqual([null, writeDataSize]);
    expect(stream.checkBuffers(writeData)).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  // Asio's cancellation_state records the latest request (`cancelled_ = in_filter(in)`, not an
  // OR), so a Total (filtered to None by enable_partial_cancellation) after a Partial replaces it:
  // the write carries on to the end. asio-ts keeps that rule.
  test('a Total after a Partial replaces it, as in Asio: the write completes', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
      got = [err, n];
    }));
    sig.emit(CancellationType.Partial);
    sig.emit(CancellationType.Total);
    await ioc.run();
    expect(got).toEqual([null, writeDataSize]);
  });

  test('a Partial alone stops the write between chunks', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
      got = [err, n];
    }));
    sig.emit(CancellationType.Partial);
    await ioc.run();
    expect(got?.[0]?.code).toBe('ECANCELED');
    expect(got?.[1]).toBe(10);
  });

  test.each(['outside any executor', 'inside an IoContext handler'] as const)(
    'a stream that completes its chunk inside emit() (%s): the final handler is still queued, run once',
    async (where) => {
      const ioc = where === 'outside any executor' ? undefined : new IoContext();
      // Misbehaving on purpose: calls its handler from inside the cancellation slot's handler.
      const stream = {
        getExecutor: () => ioc?.getExecutor() ?? systemExecutor,
        asyncWriteSome(_buffers: ConstBufferSequence, handler: WriteHandler): void {
          const slot = getAssociatedCancellationSlot(handler);
          slot.assign(() => {
            slot.clear();
            handler(makeError(errors.operationAborted), 0);
          });
        },
      };
      expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, writeData, h), { ioc }), 0);
    },
  );

  test('a thousand sequential writes under one AbortSignal leave no listener behind', async () => {
    const ioc = new IoContext();
    const ac = new AbortController();
    const stream = new TestStream(ioc, { maxWriteSize: 16 });
    for (let i = 0; i < 1000; i++) {
      const p = asyncWrite(stream, writeData, bindAbortSignal(ac.signal, useFuture));
      await ioc.run();
      ioc.restart();
      expect(await p).toBe(writeDataSize);
    }
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
