// TestStream in 'manual' mode: operations stay pending until the test completes them, and
// cancellation through the handler slot completes them.
import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  IoContext,
  systemExecutor,
} from '@asio-ts/core';
import { asyncWrite, TestStream, type ConstBufferSequence } from '@asio-ts/io';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';
import { writeData } from '../helpers/bytes.js';
import { recorder } from '../helpers/recorder.js';

describe("'manual' mode", () => {
  test('a write stays pending until completePending(), which accepts it and delivers its handler', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    const { handler, results } = recorder();
    expect(s.hasPending()).toBe(false);
    expect(s.completePending()).toBe(false);
    s.asyncWriteSome(writeData, handler);
    expect(s.hasPending()).toBe(true);
    expect(s.received()).toHaveLength(0);
    expect(s.completePending()).toBe(true);
    expect(s.hasPending()).toBe(false);
    expect(s.received()).toEqual(writeData.subarray(0, 10));
    await ioc.run();
    expect(results).toEqual([[null, 10]]);
  });

  test('a pending write and read keep their own copy of the array: the caller may empty it at once', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    s.reset('wxyz');
    const got: Array<[string | null, number]> = [];
    const out = [new Uint8Array([1, 2]), new Uint8Array([3, 4])];
    s.asyncWriteSome(out, (e, n) => got.push([e?.code ?? null, n]));
    out.length = 0;
    const a = new Uint8Array(2);
    const b = new Uint8Array(2);
    const into = [a, b];
    s.asyncReadSome(into, (e, n) => got.push([e?.code ?? null, n]));
    into.length = 0;
    expect(s.completePending()).toBe(true);
    await ioc.run();
    expect(got).toEqual([
      [null, 4],
      [null, 4],
    ]);
    expect([...s.received()]).toEqual([1, 2, 3, 4]);
    expect(new TextDecoder().decode(Uint8Array.of(...a, ...b))).toBe('wxyz');
  });

  test('a pending write holds work: run() waits for it', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    const events: string[] = [];
    s.asyncWriteSome(writeData, () => events.push('handler'));
    setTimeout(() => {
      events.push('complete');
      s.completePending();
    }, 5);
    await ioc.run();
    events.push('run returned');
    expect(events).toEqual(['complete', 'handler', 'run returned']);
  });

  test('a second write while one is pending completes with alreadyStarted and leaves the first untouched', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    const first = recorder();
    const second = recorder();
    s.asyncWriteSome(writeData.subarray(0, 3), first.handler);
    s.asyncWriteSome(writeData.subarray(3), second.handler);
    expect(second.results).toEqual([]);
    ioc.poll();
    expect(second.results.map(([e, n]) => [e?.code, n])).toEqual([['EALREADY', 0]]);
    expect(s.hasPending()).toBe(true);
    s.completePending();
    await ioc.run();
    expect(first.results).toEqual([[null, 3]]);
    expect(s.received()).toEqual(writeData.subarray(0, 3));
  });

  test.each([
    ['terminal', CancellationType.Terminal],
    ['partial', CancellationType.Partial],
    ['total', CancellationType.Total],
  ] as const)('%s cancellation through the handler slot completes the pending write with operationAborted, 0 bytes', async (_n, type) => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    const sig = new CancellationSignal();
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData, bindCancellationSlot(sig.slot(), handler));
    expect(sig.slot().hasHandler()).toBe(true);
    sig.emit(type);
    expect(s.hasPending()).toBe(false);
    expect(sig.slot().hasHandler()).toBe(false);
    await ioc.run();
    expect(results.map(([e, n]) => [e?.code, n])).toEqual([['ECANCELED', 0]]);
    expect(s.received()).toHaveLength(0);
    expect(s.completePending()).toBe(false);
  });

  test('the cancelled handler is queued: emit() from outside any executor returns before it runs, on the system executor', async () => {
    const s = new TestStream(systemExecutor, { mode: 'manual' });
    expectQueuedAbort(await cancelInFlight((h) => s.asyncWriteSome(writeData, h)), 0);
  });

  test('the cancelled final handler of asyncWrite is queued, also when emit() runs inside an IoContext handler', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(s, writeData, h), { ioc, type: CancellationType.Partial }), 0);
  });

  test('CancellationType.None is ignored; completing releases the slot', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    const sig = new CancellationSignal();
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData, bindCancellationSlot(sig.slot(), handler));
    sig.emit(CancellationType.None);
    expect(s.hasPending()).toBe(true);
    s.completePending();
    expect(sig.slot().hasHandler()).toBe(false);
    sig.emit(CancellationType.Terminal);
    await ioc.run();
    expect(results).toEqual([[null, writeData.length]]);
  });

  test('completePending delivers on the handler associated executor', async () => {
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual' });
    let where: string | undefined;
    s.asyncWriteSome(writeData, bindExecutor(ioc2, () => {
      where = ioc2.getExecutor().runningInThisThread() ? 'ioc2' : 'elsewhere';
    }));
    s.completePending();
    await Promise.all([ioc.run(), ioc2.run()]);
    expect(where).toBe('ioc2');
  });

  test('failure injection applies when the pending write is completed', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { mode: 'manual', failAt: 4 });
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData as ConstBufferSequence, handler);
    s.completePending();
    await ioc.run();
    expect(results.map(([e, n]) => [e?.code, n])).toEqual([['EPIPE', 4]]);
  });
});
