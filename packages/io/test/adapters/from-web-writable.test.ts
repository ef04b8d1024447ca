import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite, ByteVector, dynamicBuffer, fromWebWritable, Streambuf } from '@asio-ts/io';
import { startWrite, writeUnderRun } from '../helpers/adapter-probe.js';
import { collectingSink, data } from '../helpers/web-sinks.js';

describe('fromWebWritable: arguments', () => {
  test('bad arguments throw TypeErrors naming them, without locking the stream', () => {
    expect(() => fromWebWritable({} as never)).toThrow(/^writableStream must be a WHATWG WritableStream/);
    const sink = collectingSink();
    expect(() => fromWebWritable(sink.stream, 1 as never)).toThrow(/^options must be an object/);
    expect(() => fromWebWritable(sink.stream, { copy: 1 as never })).toThrow(/^options\.copy must be a boolean/);
    expect(() => fromWebWritable(sink.stream, { executor: null as never })).toThrow(/^options\.executor/);
    expect(sink.stream.locked).toBe(false);
    const stream = fromWebWritable(sink.stream);
    expect(sink.stream.locked).toBe(true);
    expect(stream.writableStream).toBe(sink.stream);
    expect(() => fromWebWritable(sink.stream)).toThrow(/^writableStream must not be locked/);
    expect(() => stream.asyncWriteSome(5 as never, () => {})).toThrow(/^buffers must be/);
  });
});

describe('fromWebWritable', () => {
  test('asyncWrite with a callback, useFuture and deferred: the sink gets every byte, in order', async () => {
    const sink = collectingSink();
    const stream = fromWebWritable(sink.stream);
    const first = startWrite((h) => asyncWrite(stream, data, h));
    expect(first.calls()).toBe(0);
    expect(await first.done).toEqual([null, data.length]);
    expect(first.ranInside()).toBe(false);
    const seq = [data.subarray(0, 10), new Uint8Array(0), data.subarray(10, 100_000), data.subarray(100_000)];
    await expect(asyncWrite(stream, seq, useFuture)).resolves.toBe(data.length);
    const sb = new Streambuf();
    sb.sputn(data);
    expect(await asyncWrite(stream, sb)).toBe(data.length);
    expect(sb.size()).toBe(0);
    expect(sink.bytes().equals(Buffer.concat([data, data, data]))).toBe(true);
    expect(first.calls()).toBe(1);
  });

  test('copies by default: reusing the written memory later does not change what the sink holds', async () => {
    const sink = collectingSink();
    const stream = fromWebWritable(sink.stream);
    // A dynamic buffer reuses its memory for the next bytes once the written ones are consumed.
    const sb = new Streambuf();
    sb.sputn(data.subarray(0, 1000));
    await expect(asyncWrite(stream, sb, useFuture)).resolves.toBe(1000);
    sb.sputn(data.subarray(1000, 2000));
    await expect(asyncWrite(stream, sb, useFuture)).resolves.toBe(1000);
    const mine = Buffer.from(data.subarray(0, 500));
    await expect(stream.asyncWriteSome([mine, mine], useFuture)).resolves.toBe(1000);
    mine.fill(0);
    expect(sink.chunks).toHaveLength(3);
    expect(sink.bytes().equals(Buffer.concat([data.subarray(0, 2000), data.subarray(0, 500), data.subarray(0, 500)]))).toBe(true);
  });

  test('copy: false hands the caller\'s buffers over as they are, one chunk each', async () => {
    const sink = collectingSink();
    const stream = fromWebWritable(sink.stream, { copy: false });
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([4, 5]);
    await expect(stream.asyncWriteSome([a, new Uint8Array(0), b], useFuture)).resolves.toBe(5);
    expect(sink.chunks).toHaveLength(2);
    expect(sink.chunks[0]).toBe(a);
    expect(sink.chunks[1]).toBe(b);
  });

  test('copy: false, a callback write: the caller may reuse its array once asyncWriteSome returned', async () => {
    const sink = collectingSink({ delay: 1 });
    const stream = fromWebWritable(sink.stream, { copy: false });
    const seq = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4, 5])];
    const w = startWrite((h) => stream.asyncWriteSome(seq, h));
    seq.length = 0;
    expect(await w.done).toEqual([null, 5]);
    expect([...sink.bytes()]).toEqual([1, 2, 3, 4, 5]);
  });

  test('backpressure: a write completes only after the sink took its chunk; the sink never has two at once', async () => {
    const sink = collectingSink({ delay: 2, strategy: new ByteLengthQueuingStrategy({ highWaterMark: 16 }) });
    const stream = fromWebWritable(sink.stream);
    for (let i = 0; i < 10; i++) {
      const chunk = data.subarray(i * 1000, (i + 1) * 1000);
      const w = startWrite((h) => stream.asyncWriteSome(chunk, h));
      expect(sink.chunks).toHaveLength(i);
      expect(await w.done).toEqual([null, 1000]);
      expect(sink.chunks).toHaveLength(i + 1);
    }
    expect(sink.maxActive).toBe(1);
    expect(sink.bytes().equals(data.subarray(0, 10_000))).toBe(true);
  });

  test('a highWaterMark of 0 does not stall writes', async () => {
    const sink = collectingSink({ strategy: new CountQueuingStrategy({ highWaterMark: 0 }) });
    const stream = fromWebWritable(sink.stream);
    await expect(asyncWrite(stream, data, useFuture)).resolves.toBe(data.length);
    expect(sink.bytes().equals(data)).toBe(true);
  });

  test('an erroring sink: the error is mapped, the bytes of earlier chunks reported, the rest kept', async () => {
    const failure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const sink = collectingSink({ failOn: 2, failWith: failure });
    const stream = fromWebWritable(sink.stream);
    const dyn = dynamicBuffer(new ByteVector(data));
    const w = startWrite((h) => asyncWrite(stream, dyn, h));
    const [err, n] = await w.done;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.noSpaceOnDevice)).toBe(true);
    expect(err?.cause).toBe(failure);
    expect(n).toBe(2 * 65536);
    expect(dyn.size()).toBe(data.length - n);
    expect(Buffer.from(dyn.data()).equals(data.subarray(n))).toBe(true);
    // The stream is errored now: later writes fail with its error.
    const [err2, n2] = await startWrite((h) => stream.asyncWriteSome(data, h)).done;
    expect(errorIs(err2, errors.noSpaceOnDevice)).toBe(true);
    expect(n2).toBe(0);
  });

  test('a sink error without a code keeps its message; controller.error() fails the next write', async () => {
    const sink = collectingSink({ failOn: 0, failWith: new Error('no such thing') });
    const [err] = await startWrite((h) => fromWebWritable(sink.stream).asyncWriteSome(data, h)).done;
    expect(err).toBeInstanceOf(SystemError);
    expect(err?.code).toBe('EUNKNOWN');
    expect(err?.message).toMatch(/no such thing/);

    const other = collectingSink();
    const stream = fromWebWritable(other.stream);
    other.controller!.error(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    const w = startWrite((h) => stream.asyncWriteSome(data, h));
    const [err2, n2] = await w.done;
    expect(errorIs(err2, errors.connectionReset)).toBe(true);
    expect(n2).toBe(0);
    expect(w.ranInside()).toBe(false);
  });

  test('a second write while one is in flight completes with alreadyStarted; the first is untouched', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    const first = startWrite((h) => stream.asyncWriteSome(data, h));
    const second = startWrite((h) => stream.asyncWriteSome(new Uint8Array([9]), h));
    const [err2, n2] = await second.done;
    expect(errorIs(err2, errors.alreadyStarted)).toBe(true);
    expect(n2).toBe(0);
    expect(second.ranInside()).toBe(false);
    expect(first.calls()).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    sink.release();
    expect(await first.done).toEqual([null, data.length]);
    expect(sink.bytes().equals(data)).toBe(true);
  });

  test('terminal cancellation aborts the stream with operationAborted; later writes get brokenPipe', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    const signal = new CancellationSignal();
    const w = startWrite((h) => asyncWrite(stream, data, bindCancellationSlot(signal.slot(), h)));
    await new Promise((r) => setTimeout(r, 0));
    expect(sink.writes).toBe(1);
    signal.emit(CancellationType.Terminal);
    const [err, n] = await w.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(0);
    expect(signal.slot().hasHandler()).toBe(false);
    // The sink's abort runs once its write in progress settles.
    sink.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(errorIs(sink.abortReason, errors.operationAborted)).toBe(true);
    const later = startWrite((h) => stream.asyncWriteSome(data, h));
    const [err2, n2] = await later.done;
    expect(errorIs(err2, errors.brokenPipe)).toBe(true);
    expect(n2).toBe(0);
    expect(later.ranInside()).toBe(false);
    expect(w.calls()).toBe(1);
  });

  test('terminal cancellation through an AbortSignal; its listener is gone afterwards', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    const controller = new AbortController();
    const w = startWrite((h) => stream.asyncWriteSome(data, bindAbortSignal(controller.signal, h)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const [err] = await w.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    sink.release();
  });

  test('partial cancellation cannot take a chunk back: the write completes, asyncWrite stops between chunks', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    const signal = new CancellationSignal();
    const w = startWrite((h) => asyncWrite(stream, data, bindCancellationSlot(signal.slot(), h)));
    await new Promise((r) => setTimeout(r, 0));
    signal.emit(CancellationType.Partial);
    sink.release();
    const [err, n] = await w.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(65536);
    expect(sink.bytes().equals(data.subarray(0, 65536))).toBe(true);
    // The stream is still usable.
    const more = stream.asyncWriteSome(data.subarray(n, n + 10), useFuture);
    await new Promise((r) => setTimeout(r, 0));
    sink.release();
    await expect(more).resolves.toBe(10);
  });

  test('with an IoContext as the I/O executor, run() waits for the write', async () => {
    const sink = collectingSink({ delay: 1 });
    const ioc = new IoContext();
    const stream = fromWebWritable(sink.stream, { executor: ioc });
    const ran = await writeUnderRun(ioc, (h) => asyncWrite(stream, data, h));
    expect(ran).toEqual({ outcome: [null, data.length], inContext: true, handlersRun: ran.handlersRun });
    expect(ran.handlersRun).toBeGreaterThan(0);
    expect(sink.bytes().equals(data)).toBe(true);
  });
});
