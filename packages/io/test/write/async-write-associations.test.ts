/**
 * `asyncWrite` and its handler's associations (executor, immediate executor, cancellation slot)
 * and the work it keeps on the context.
 */
import {
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  inlineExecutor,
  IoContext,
  makeStrand,
  post,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import { writeData, writeDataSize } from '../helpers/bytes.js';
import { InlineStream, RecordingStream, TimerStream } from '../helpers/user-streams.js';

describe('handler associations', () => {
  test('bindExecutor(strand, handler): the handler and every intermediate handler run on the strand', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const stream = new RecordingStream(new TestStream(ioc, { maxWriteSize: 10 }));
    let onStrand: boolean | undefined;
    asyncWrite(stream, writeData, bindExecutor(strand, (err, n) => {
      onStrand = strand.runningInThisThread();
      expect(err).toBeNull();
      expect(n).toBe(writeDataSize);
    }));
    await ioc.run();
    expect(onStrand).toBe(true);
    expect(stream.handlers).toHaveLength(6);
    for (const h of stream.handlers) expect(getAssociatedExecutor(h)).toBe(strand);
  });

  test('bindExecutor(second IoContext, handler): the handler runs there, and intermediates carry it', async () => {
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    const stream = new RecordingStream(new TestStream(ioc, { maxWriteSize: 10 }));
    const where: string[] = [];
    asyncWrite(stream, writeData, bindExecutor(ioc2, () => {
      if (ioc2.getExecutor().runningInThisThread()) where.push('ioc2');
      if (ioc.getExecutor().runningInThisThread()) where.push('ioc');
    }));
    await Promise.all([ioc.run(), ioc2.run()]);
    expect(where).toEqual(['ioc2']);
    for (const h of stream.handlers) expect(getAssociatedExecutor(h)).toBe(ioc2.getExecutor());
  });

  test('by default the handler runs on the stream executor', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    let inside: boolean | undefined;
    asyncWrite(stream, writeData, () => {
      inside = ioc.getExecutor().runningInThisThread();
    });
    await ioc.run();
    expect(inside).toBe(true);
  });

  test('the slot an intermediate handler carries is connected and belongs to asyncWrite, not the caller', async () => {
    const ioc = new IoContext();
    const stream = new RecordingStream(new TestStream(ioc, { maxWriteSize: 10 }));
    const sig = new CancellationSignal();
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), () => {}));
    await ioc.run();
    for (const h of stream.handlers) {
      const slot = getAssociatedCancellationSlot(h);
      expect(slot.isConnected()).toBe(true);
      expect(slot.equals(sig.slot())).toBe(false);
    }
  });

  test('bindImmediateExecutor(inlineExecutor, handler) with an immediately completing stream runs the handler inside the call', async () => {
    const ioc = new IoContext();
    const stream = new InlineStream(ioc.getExecutor(), 100, 10);
    let calls = 0;
    asyncWrite(stream, writeData, bindImmediateExecutor(inlineExecutor, (err, n) => {
      calls++;
      expect(err).toBeNull();
      expect(n).toBe(writeDataSize);
    }));
    expect(calls).toBe(1);
    await ioc.run();
    expect(calls).toBe(1);

    // Without the binding: posted, as always.
    const stream2 = new InlineStream(ioc.getExecutor(), 100, 10);
    let calls2 = 0;
    ioc.restart();
    asyncWrite(stream2, writeData, () => calls2++);
    expect(calls2).toBe(0);
    await ioc.run();
    expect(calls2).toBe(1);
  });

  test('bindImmediateExecutor(inlineExecutor, handler) inside a handler of the context: TestStream chunks and the handler all run inline', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const seen: number[] = [];
    post(ioc, () => {
      asyncWrite(stream, writeData, bindImmediateExecutor(inlineExecutor, (_e, n) => seen.push(n)));
      seen.push(-1);
    });
    await ioc.run();
    expect(seen).toEqual([writeDataSize, -1]);
    expect(stream.writeCalls).toBe(6);
  });
});

describe('work', () => {
  test('await ioc.run() returns only after the final handler ran, when the stream completes from a setTimeout', async () => {
    const ioc = new IoContext();
    const stream = new TimerStream(ioc.getExecutor(), 20, 5);
    const events: string[] = [];
    asyncWrite(stream, writeData, (err, n) => {
      events.push(`handler ${String(err)} ${n}`);
    });
    await ioc.run();
    events.push('run returned');
    expect(events).toEqual(['handler null 53', 'run returned']);
    expect(Uint8Array.from(stream.received)).toEqual(writeData);
  });

  test('a deferred write holds no work until it is launched', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc);
    const op = asyncWrite(stream, writeData);
    await expect(ioc.run()).resolves.toBe(0);
    ioc.restart();
    const p = op(useFuture);
    await ioc.run();
    expect(await p).toBe(writeDataSize);
  });

  test('a thrown condition leaves no work and no slot handler behind', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let checks = 0;
    const cond = (err: Error | null): number => (++checks === 3 ? NaN : err ? 0 : 65536);
    asyncWrite(stream, writeData, cond, bindCancellationSlot(sig.slot(), () => {}));
    await expect(ioc.run()).rejects.toThrow(/completionCondition/);
    expect(sig.slot().hasHandler()).toBe(false);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });
});
