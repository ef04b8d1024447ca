/**
 * TestStream's read side: the in-memory AsyncReadStream / SyncReadStream the read tests run on
 * (Asio's `test_stream` in read.cpp and read_until.cpp: `reset(data, length)`,
 * `next_read_length(n)`), plus the end of the stream, failure injection and a manual, cancellable
 * mode. The write side is tested in `test-stream.test.ts`.
 */
import {
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  makeStrand,
  SystemError,
  systemExecutor,
} from '@asio-ts/core';
import { asyncRead, isAsyncReadStream, isSyncReadStream, TestStream, type ReadHandler } from '@asio-ts/io';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';
import { readData } from '../helpers/bytes.js';
import { flushMicrotasks } from '../helpers/microtasks.js';

type Result = [SystemError | null, number];

function recorder(): { handler: ReadHandler; results: Result[] } {
  const results: Result[] = [];
  return { handler: (err, n) => results.push([err, n]), results };
}

function stream(ioc: IoContext, options = {}): TestStream {
  const s = new TestStream(ioc, options);
  s.reset(readData);
  return s;
}

describe('construction and reset', () => {
  test('is an AsyncReadStream and a SyncReadStream', () => {
    const s = new TestStream(new IoContext());
    expect(isAsyncReadStream(s)).toBe(true);
    expect(isSyncReadStream(s)).toBe(true);
  });

  test.each([
    ['a negative maxReadSize', { maxReadSize: -1 }, RangeError],
    ['a fractional maxReadSize', { maxReadSize: 1.5 }, RangeError],
    ['a string maxReadSize', { maxReadSize: '3' as never }, TypeError],
  ] as const)('%s is refused, naming options.maxReadSize', (_n, options, type) => {
    expect(() => new TestStream(new IoContext(), options)).toThrow(type);
    expect(() => new TestStream(new IoContext(), options)).toThrow(/^options\.maxReadSize/);
  });

  test('nextReadLength and failReadAt check their arguments', () => {
    const s = new TestStream(new IoContext());
    expect(() => s.nextReadLength(-1)).toThrow(/^n must be a non-negative integer or Infinity/);
    expect(() => s.failReadAt(NaN)).toThrow(/^offset /);
  });

  test('reset(data) copies the data (a string as UTF-8) and starts over, with the options limit and no failure', () => {
    const s = new TestStream(new IoContext());
    const data = Uint8Array.from([1, 2, 3, 4]);
    s.reset(data);
    data[0] = 9;
    const out = new Uint8Array(4);
    expect(s.readSome(out)).toBe(4);
    expect(out).toEqual(Uint8Array.from([1, 2, 3, 4]));
    expect(s.bytesRead()).toBe(4);
    s.nextReadLength(1);
    s.failReadAt(0);
    s.reset('é!');
    expect(s.readCalls).toBe(0);
    expect(s.readSome(out)).toBe(3);
    expect(out.subarray(0, 3)).toEqual(Uint8Array.from([0xc3, 0xa9, 0x21]));
    const limited = new TestStream(new IoContext(), { maxReadSize: 2 });
    limited.reset(data);
    limited.nextReadLength(1);
    limited.reset(data);
    expect(limited.readSome(out)).toBe(2);
  });

  test('reset(n) is still the write side: it keeps the read data', () => {
    const s = stream(new IoContext());
    s.reset(5);
    expect(s.readSome(new Uint8Array(3))).toBe(3);
  });
});

describe('readSome (sync)', () => {
  test('fills across buffer boundaries, at most nextReadLength bytes per read', () => {
    const s = stream(new IoContext());
    s.nextReadLength(10);
    const a = new Uint8Array(4);
    const b = new Uint8Array(20);
    expect(s.readSome([a, b])).toBe(10);
    expect(a).toEqual(readData.subarray(0, 4));
    expect(b.subarray(0, 6)).toEqual(readData.subarray(4, 10));
    expect(s.readCalls).toBe(1);
  });

  test('the end: the last bytes, then eof thrown, and again', () => {
    const s = stream(new IoContext());
    const out = new Uint8Array(100);
    expect(s.readSome(out)).toBe(53);
    expect(() => s.readSome(out)).toThrow(expect.objectContaining({ code: 'EOF' }) as unknown as Error);
    expect(() => s.readSome(out)).toThrow(SystemError);
    // An empty read is not a read of the end.
    expect(s.readSome(new Uint8Array(0))).toBe(0);
  });

  test('failReadAt: the read reaching the offset is cut short there, the next one throws the error', () => {
    const s = stream(new IoContext());
    s.failReadAt(15, errors.brokenPipe);
    const out = new Uint8Array(10);
    expect(s.readSome(out)).toBe(10);
    expect(s.readSome(out)).toBe(5);
    expect(() => s.readSome(out)).toThrow(expect.objectContaining({ code: 'EPIPE' }) as unknown as Error);
    expect(s.bytesRead()).toBe(15);
  });
});

describe("asyncReadSome, 'post' mode", () => {
  test('reads at once, delivers later, through the handler immediate executor', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { maxReadSize: 10 });
    const out = new Uint8Array(53);
    const { handler, results } = recorder();
    s.asyncReadSome(out, handler);
    expect(s.bytesRead()).toBe(10);
    expect(results).toEqual([]);
    await flushMicrotasks();
    expect(results).toEqual([]);
    await ioc.run();
    expect(results).toEqual([[null, 10]]);
    expect(out.subarray(0, 10)).toEqual(readData.subarray(0, 10));
  });

  test('an inline immediate executor runs the handler inside the call; a strand gets it otherwise', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { maxReadSize: 5 });
    const { handler, results } = recorder();
    s.asyncReadSome(new Uint8Array(53), bindImmediateExecutor(inlineExecutor, handler));
    expect(results).toEqual([[null, 5]]);
    const strand = makeStrand(ioc);
    let onStrand: boolean | undefined;
    s.asyncReadSome(new Uint8Array(53), bindExecutor(strand, () => (onStrand = strand.runningInThisThread())));
    await ioc.run();
    expect(onStrand).toBe(true);
  });

  test('(eof, 0) only for a read that got no byte', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { maxReadSize: 50 });
    const { handler, results } = recorder();
    for (let i = 0; i < 3; i++) s.asyncReadSome(new Uint8Array(53), handler);
    s.asyncReadSome(new Uint8Array(0), handler);
    await ioc.run();
    expect(results.map(([e, n]) => [e?.code ?? null, n])).toEqual([
      [null, 50],
      [null, 3],
      ['EOF', 0],
      [null, 0],
    ]);
  });

  test('bad arguments throw at once, count no read and leave the context no work', async () => {
    const ioc = new IoContext();
    const s = stream(ioc);
    expect(() => s.asyncReadSome('x' as never, () => {})).toThrow(/^buffers must be/);
    expect(() => s.asyncReadSome(new Uint8Array(1), 5 as never)).toThrow(/^handler must be a function/);
    expect(s.readCalls).toBe(0);
    await expect(ioc.run()).resolves.toBe(0);
  });
});

describe("'manual' mode", () => {
  test('a read stays pending, taking nothing, until completePending(); it holds work', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { mode: 'manual', maxReadSize: 10 });
    const out = new Uint8Array(53);
    const { handler, results } = recorder();
    s.asyncReadSome(out, handler);
    expect(s.hasPending()).toBe(true);
    expect(s.bytesRead()).toBe(0);
    const ran = ioc.run();
    await flushMicrotasks();
    expect(results).toEqual([]);
    expect(s.completePending()).toBe(true);
    await ran;
    expect(results).toEqual([[null, 10]]);
    expect(s.completePending()).toBe(false);
  });

  test('a second read while one is pending completes with alreadyStarted; the first is untouched', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { mode: 'manual' });
    const first = recorder();
    const second = recorder();
    s.asyncReadSome(new Uint8Array(53), first.handler);
    s.asyncReadSome(new Uint8Array(53), second.handler);
    ioc.poll();
    expect(errorIs(second.results[0]?.[0], errors.alreadyStarted)).toBe(true);
    expect(s.completePending()).toBe(true);
    await ioc.run();
    expect(first.results).toEqual([[null, 53]]);
  });

  test('a read and a write pending at once are both completed by completePending()', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { mode: 'manual' });
    const r = recorder();
    const w = recorder();
    s.asyncReadSome(new Uint8Array(3), r.handler);
    s.asyncWriteSome(readData.subarray(0, 4), w.handler);
    expect(s.completePending()).toBe(true);
    await ioc.run();
    expect(r.results).toEqual([[null, 3]]);
    expect(w.results).toEqual([[null, 4]]);
  });

  test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])(
    'cancelled (type %p) through the slot: operationAborted, 0 bytes, nothing taken from the data',
    async (type) => {
      // On the system executor: the queued handler runs without a context to run.
      const s = new TestStream(systemExecutor, { mode: 'manual' });
      s.reset(readData);
      const r = await cancelInFlight((h) => s.asyncReadSome(new Uint8Array(10), h), { type });
      expectQueuedAbort(r, 0);
      expect(s.bytesRead()).toBe(0);
      expect(s.hasPending()).toBe(false);
      // The data is all still there.
      expect(s.readSome(new Uint8Array(100))).toBe(53);
    },
  );

  test('CancellationType.None is ignored; completing releases the slot', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { mode: 'manual' });
    const sig = new CancellationSignal();
    const { handler, results } = recorder();
    s.asyncReadSome(new Uint8Array(10), bindCancellationSlot(sig.slot(), handler));
    sig.emit(CancellationType.None);
    expect(s.hasPending()).toBe(true);
    s.completePending();
    expect(sig.slot().hasHandler()).toBe(false);
    await ioc.run();
    expect(results).toEqual([[null, 10]]);
  });

  test('asyncRead over a manual stream, cancelled inside an IoContext handler: queued, once', async () => {
    const ioc = new IoContext();
    const s = stream(ioc, { mode: 'manual' });
    const r = await cancelInFlight((h) => asyncRead(s, new Uint8Array(10), h), { ioc });
    expectQueuedAbort(r, 0);
  });
});
