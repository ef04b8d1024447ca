/**
 * TestStream: the in-memory AsyncWriteStream / SyncWriteStream the write tests run on (Asio's
 * `test_stream` in write.cpp, plus failure injection and a manual, cancellable mode).
 */
import { bindExecutor, bindImmediateExecutor, inlineExecutor, IoContext, makeStrand } from '@asio-ts/core';
import { isAsyncWriteStream, isSyncWriteStream, TestStream } from '@asio-ts/io';
import { writeData } from '../helpers/bytes.js';
import { flushMicrotasks } from '../helpers/microtasks.js';
import { recorder } from '../helpers/recorder.js';

describe('construction', () => {
  test('is an AsyncWriteStream and a SyncWriteStream on the given executor or context', () => {
    const ioc = new IoContext();
    const a = new TestStream(ioc);
    const b = new TestStream(ioc.getExecutor());
    expect(a.getExecutor()).toBe(ioc.getExecutor());
    expect(b.getExecutor()).toBe(ioc.getExecutor());
    expect(isAsyncWriteStream(a)).toBe(true);
    expect(isSyncWriteStream(a)).toBe(true);
  });

  test.each([
    ['a non-executor', () => new TestStream({} as never), TypeError, /^executor must be an executor/],
    ['options that are not an object', () => new TestStream(new IoContext(), 5 as never), TypeError, /^options must be an object/],
    ['a negative maxWriteSize', () => new TestStream(new IoContext(), { maxWriteSize: -1 }), RangeError, /^options\.maxWriteSize/],
    ['a fractional maxWriteSize', () => new TestStream(new IoContext(), { maxWriteSize: 1.5 }), RangeError, /^options\.maxWriteSize/],
    ['a NaN maxWriteSize', () => new TestStream(new IoContext(), { maxWriteSize: NaN }), RangeError, /^options\.maxWriteSize/],
    ['a string maxWriteSize', () => new TestStream(new IoContext(), { maxWriteSize: '3' as never }), TypeError, /^options\.maxWriteSize/],
    ['a negative failAt', () => new TestStream(new IoContext(), { failAt: -3 }), RangeError, /^options\.failAt/],
    ['an unknown mode', () => new TestStream(new IoContext(), { mode: 'eager' as never }), TypeError, /^options\.mode/],
  ] as const)('%s is refused', (_name, make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  test('setMaxWriteSize, reset and failAt check their arguments too', () => {
    const s = new TestStream(new IoContext());
    expect(() => s.setMaxWriteSize(-1)).toThrow(RangeError);
    expect(() => s.setMaxWriteSize(-1)).toThrow(/^n /);
    expect(() => s.reset(0.5)).toThrow(/^maxWriteSize /);
    expect(() => s.failAt(-1)).toThrow(/^offset /);
  });
});

describe("'post' mode (default)", () => {
  test('takes at most maxWriteSize bytes per write, across buffer boundaries, and records them', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 10 });
    const { handler, results } = recorder();
    s.asyncWriteSome([writeData.subarray(0, 4), writeData.subarray(4, 7), writeData.subarray(7)], handler);
    expect(s.writeCalls).toBe(1);
    // Accepted at once, delivered later.
    expect(s.received()).toEqual(writeData.subarray(0, 10));
    expect(results).toEqual([]);
    await ioc.run();
    expect(results).toEqual([[null, 10]]);
  });

  test('unlimited by default: one write takes everything', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc);
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData, handler);
    await ioc.run();
    expect(results).toEqual([[null, writeData.length]]);
    expect(s.checkBuffers(writeData)).toBe(true);
  });

  test('the handler is never called inside asyncWriteSome, and runs on its associated executor', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const s = new TestStream(ioc);
    let onStrand: boolean | undefined;
    s.asyncWriteSome(writeData, bindExecutor(strand, () => {
      onStrand = strand.runningInThisThread();
    }));
    expect(onStrand).toBeUndefined();
    await flushMicrotasks();
    expect(onStrand).toBeUndefined();
    await ioc.run();
    expect(onStrand).toBe(true);
  });

  test('completion is immediate: an inline immediate executor runs the handler inside the call', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 5 });
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData, bindImmediateExecutor(inlineExecutor, handler));
    expect(results).toEqual([[null, 5]]);
    await ioc.run();
    expect(results).toHaveLength(1);
  });

  test('a single-pass iterable (a generator) is read once: what it reports is what it got', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 6 });
    let yields = 0;
    function* gen(): Generator<Uint8Array> {
      yields++;
      yield writeData.subarray(0, 4);
      yields++;
      yield writeData.subarray(4, 9);
    }
    const { handler, results } = recorder();
    s.asyncWriteSome(gen(), handler);
    await ioc.run();
    expect(results).toEqual([[null, 6]]);
    expect(s.received()).toEqual(writeData.subarray(0, 6));
    expect(yields).toBe(2);
    // And the sync form.
    expect(s.writeSome(gen())).toBe(6);
    expect(s.received()).toEqual(Uint8Array.from([...writeData.subarray(0, 6), ...writeData.subarray(0, 6)]));
  });

  test('an empty write takes 0 bytes and succeeds', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { failAt: 0 });
    const { handler, results } = recorder();
    s.asyncWriteSome([], handler);
    s.asyncWriteSome(new Uint8Array(0), handler);
    await ioc.run();
    expect(results).toEqual([[null, 0], [null, 0]]);
  });

  test('bad arguments throw at once, count no write and leave the context no work', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc);
    expect(() => s.asyncWriteSome('bytes' as never, () => {})).toThrow(TypeError);
    expect(() => s.asyncWriteSome('bytes' as never, () => {})).toThrow(/^buffers /);
    expect(() => s.asyncWriteSome([writeData, 7] as never, () => {})).toThrow(/element 1/);
    expect(() => s.asyncWriteSome(writeData, 'handler' as never)).toThrow(/^handler /);
    expect(() => s.writeSome(42 as never)).toThrow(/^buffers /);
    expect(s.writeCalls).toBe(0);
    expect(s.received()).toHaveLength(0);
    await expect(ioc.run()).resolves.toBe(0);
  });
});

describe('inspection and reset', () => {
  test('received() is a copy; checkBuffers compares length and content', () => {
    const s = new TestStream(new IoContext());
    s.writeSome(writeData.subarray(0, 5));
    const got = s.received();
    got[0] = 0;
    expect(s.received()[0]).toBe(writeData[0]);
    expect(s.checkBuffers(writeData.subarray(0, 5))).toBe(true);
    expect(s.checkBuffers(writeData.subarray(0, 4))).toBe(false);
    expect(s.checkBuffers(writeData.subarray(1, 6))).toBe(false);
  });

  test('reset() forgets what was received and the call count; the limit stays unless given', () => {
    const s = new TestStream(new IoContext(), { maxWriteSize: 4 });
    expect(s.writeSome(writeData)).toBe(4);
    s.reset();
    expect(s.received()).toHaveLength(0);
    expect(s.writeCalls).toBe(0);
    expect(s.writeSome(writeData)).toBe(4);
    s.reset(Infinity);
    expect(s.writeSome(writeData)).toBe(writeData.length);
    s.setMaxWriteSize(1);
    expect(s.writeSome(writeData)).toBe(1);
  });
});
