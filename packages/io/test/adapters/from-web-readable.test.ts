import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { fromWebReadable } from '@asio-ts/io';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';

/** A byte stream whose pull answers each BYOB request with up to `chunk` bytes of `data`, recording the sizes asked. */
function byteStream(data: Uint8Array, chunk = Infinity): { stream: ReadableStream<Uint8Array>; asked: number[] } {
  let at = 0;
  const asked: number[] = [];
  const stream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      const request = controller.byobRequest;
      if (at >= data.length) {
        controller.close();
        request?.respond(0);
        return;
      }
      if (request === null) {
        controller.enqueue(data.slice(at, Math.min(at + chunk, data.length)));
        at = Math.min(at + chunk, data.length);
        return;
      }
      const view = request.view as Uint8Array;
      asked.push(view.byteLength);
      const n = Math.min(view.byteLength, chunk, data.length - at);
      view.set(data.subarray(at, at + n));
      at += n;
      request.respond(n);
    },
  });
  return { stream, asked };
}

/** A default (not byte) stream that the test feeds by hand. */
function fedStream(): { stream: ReadableStream<Uint8Array>; push(c: unknown): void; close(): void; fail(e: unknown): void } {
  let ctl!: ReadableStreamDefaultController<unknown>;
  const stream = new ReadableStream<unknown>({ start: (c) => void (ctl = c) }, { highWaterMark: 0 }) as ReadableStream<Uint8Array>;
  return { stream, push: (c) => ctl.enqueue(c), close: () => ctl.close(), fail: (e) => ctl.error(e) };
}

async function readAll(s: ReturnType<typeof fromWebReadable>, size: number): Promise<{ bytes: Uint8Array; reads: number[] }> {
  const parts: Uint8Array[] = [];
  const reads: number[] = [];
  for (;;) {
    const buf = new Uint8Array(size);
    const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
    if (err !== null) {
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(0);
      return { bytes: Buffer.concat(parts), reads };
    }
    reads.push(n);
    parts.push(buf.subarray(0, n));
  }
}

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 13 + 5) & 0xff);

describe('fromWebReadable over a byte stream (BYOB)', () => {
  test('reads every byte, asking the source for at most what the buffers hold, then eof', async () => {
    const { stream, asked } = byteStream(data, 700);
    const s = fromWebReadable(stream);
    expect(s.byob).toBe(true);
    expect(stream.locked).toBe(true);
    const { bytes, reads } = await readAll(s, 512);
    expect(Buffer.from(bytes).equals(Buffer.from(data))).toBe(true);
    expect(Math.max(...reads)).toBeLessThanOrEqual(512);
    expect(Math.max(...asked)).toBeLessThanOrEqual(512);
  });

  test("the caller's buffers are never handed to the stream: none is detached", async () => {
    const { stream } = byteStream(data);
    const s = fromWebReadable(stream);
    const a = new Uint8Array(100);
    const b = new Uint8Array(50);
    const n = await s.asyncReadSome([a, b], useFuture);
    expect(n).toBe(150);
    expect(a.byteLength).toBe(100);
    expect(b.byteLength).toBe(50);
    expect([...a, ...b]).toEqual([...data.subarray(0, 150)]);
  });

  test('options.byob false reads a byte stream through a default reader', async () => {
    const { stream, asked } = byteStream(data, 3000);
    const s = fromWebReadable(stream, { byob: false });
    expect(s.byob).toBe(false);
    const { bytes } = await readAll(s, 1000);
    expect(Buffer.from(bytes).equals(Buffer.from(data))).toBe(true);
    expect(asked).toEqual([]);
  });

  test('cancelling a pending read: operationAborted; the bytes the source then gives are read next', async () => {
    let pending: ReadableStreamBYOBRequest | null = null;
    const stream = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        pending = controller.byobRequest;
      },
    });
    const s = fromWebReadable(stream);
    const sig = new CancellationSignal();
    const first = s.asyncReadSome(new Uint8Array(8), bindCancellationSlot(sig.slot(), asTuple(useFuture)));
    await new Promise((r) => setImmediate(r));
    expect(pending).not.toBeNull();
    sig.emit(CancellationType.Terminal);
    const [err, n] = await first;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(0);
    // The source answers the read that is still outstanding: the bytes wait in the adapter.
    const view = pending!.view as Uint8Array;
    view.set([1, 2, 3, 4, 5]);
    pending!.respond(5);
    const buf = new Uint8Array(3);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(3);
    expect([...buf]).toEqual([1, 2, 3]);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(2);
    expect([...buf.subarray(0, 2)]).toEqual([4, 5]);
  });

  test('Blob.stream() and a fetch Response body are byte streams: read through BYOB', async () => {
    const blob = new Blob([data]);
    const s1 = fromWebReadable(blob.stream());
    expect(s1.byob).toBe(true);
    expect(Buffer.from((await readAll(s1, 777)).bytes).equals(Buffer.from(data))).toBe(true);
    const s2 = fromWebReadable(new Response(data).body!);
    expect(s2.byob).toBe(true);
    expect(Buffer.from((await readAll(s2, 4096)).bytes).equals(Buffer.from(data))).toBe(true);
  });
});

describe('fromWebReadable over a default stream', () => {
  test('a chunk larger than the buffers keeps its rest for the next read; strings are UTF-8; other views are bytes', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    expect(s.byob).toBe(false);
    f.push(Uint8Array.from([1, 2, 3, 4, 5, 6]));
    f.push('é');
    f.push(new Uint16Array([0x0201]));
    f.close();
    const buf = new Uint8Array(4);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(4);
    expect([...buf]).toEqual([1, 2, 3, 4]);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(2);
    expect([...buf.subarray(0, 2)]).toEqual([5, 6]);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(2);
    expect([...buf.subarray(0, 2)]).toEqual([0xc3, 0xa9]);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(2);
    expect([...buf.subarray(0, 2)]).toEqual([1, 2]);
    const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(0);
  });

  test('a surrogate pair split across two string chunks is one character; a lone first half at the end is U+FFFD', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    const reading = readAll(s, 2);
    f.push('a\uD83D');
    await new Promise((r) => setTimeout(r, 5));
    f.push('\uDE00b\uD83D');
    f.close();
    expect(Buffer.from((await reading).bytes).toString('utf8')).toBe('a\u{1F600}b\uFFFD');
  });

  test('a kept first half is read before the failure a chunk that is not bytes causes', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    f.push('a\uD83D');
    f.push(42);
    const buf = new Uint8Array(8);
    const [err1, n1] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect([err1, [...buf.subarray(0, n1)]]).toEqual([null, [0x61]]);
    const [err2, n2] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect([err2, [...buf.subarray(0, n2)]]).toEqual([null, [0xef, 0xbf, 0xbd]]);
    const [err3] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect(errorIs(err3, errors.invalidArgument)).toBe(true);
  });

  test('a kept first half is read before the error that ends the stream', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    f.push('\uD83D');
    const buf = new Uint8Array(8);
    const read = s.asyncReadSome(buf, asTuple(useFuture));
    await new Promise((r) => setTimeout(r, 5));
    f.fail(new Error('boom'));
    expect(await read).toEqual([null, 3]);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbf, 0xbd]);
    const [err] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect(err).toBeInstanceOf(SystemError);
  });

  test('a read waits for a chunk; the stream is read only while a read is in flight', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => void (pulls++, c.enqueue(new Uint8Array([pulls]))) }, { highWaterMark: 0 });
    const s = fromWebReadable(stream);
    await new Promise((r) => setTimeout(r, 10));
    expect(pulls).toBe(0);
    const buf = new Uint8Array(1);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(1);
    expect(buf[0]).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(pulls).toBe(1);
  });

  test('cancelling a pending read: a chunk that arrives afterwards is read next, none lost', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    const sig = new CancellationSignal();
    const first = s.asyncReadSome(new Uint8Array(8), bindCancellationSlot(sig.slot(), asTuple(useFuture)));
    sig.emit(CancellationType.Partial);
    const [err] = await first;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(sig.slot().hasHandler()).toBe(false);
    f.push(Uint8Array.from([9, 8, 7]));
    const buf = new Uint8Array(8);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(3);
    expect([...buf.subarray(0, 3)]).toEqual([9, 8, 7]);
  });

  test.each([
    ['terminal', CancellationType.Terminal],
    ['partial', CancellationType.Partial],
    ['total', CancellationType.Total],
  ] as const)('%s cancellation: queued, once, slot released', async (_name, type) => {
    const s = fromWebReadable(fedStream().stream);
    expectQueuedAbort(await cancelInFlight((h) => s.asyncReadSome(new Uint8Array(4), h), { type }), 0);
  });

  test('a stream error reaches the pending read and later ones as a SystemError', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    const p = s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    f.fail(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    for (const r of [await p, await s.asyncReadSome(new Uint8Array(4), asTuple(useFuture))]) {
      expect(r[0]).toBeInstanceOf(SystemError);
      expect(errorIs(r[0], errors.connectionReset)).toBe(true);
      expect(r[1]).toBe(0);
    }
  });

  test('a chunk that is not bytes fails the read with invalidArgument', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    f.push({ x: 1 });
    const [err] = await s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
  });

  test('one read at a time: a second completes with alreadyStarted, the first is untouched', async () => {
    const f = fedStream();
    const s = fromWebReadable(f.stream);
    const first = s.asyncReadSome(new Uint8Array(4), useFuture);
    const [err] = await s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(err, errors.alreadyStarted)).toBe(true);
    f.push(Uint8Array.from([1]));
    expect(await first).toBe(1);
  });

  test('the handler never runs inside asyncReadSome, even with bytes waiting; run() waits for a read', async () => {
    const f = fedStream();
    const ioc = new IoContext();
    const s = fromWebReadable(f.stream, { executor: ioc });
    f.push(Uint8Array.from([1, 2, 3, 4, 5]));
    let calls = 0;
    s.asyncReadSome(new Uint8Array(2), () => calls++);
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    // Bytes waiting (the rest of the chunk): still not inside the call.
    s.asyncReadSome(new Uint8Array(2), () => calls++);
    expect(calls).toBe(1);
    ioc.restart();
    await ioc.run();
    expect(calls).toBe(2);
    // Nothing there yet: run() waits for it.
    setTimeout(() => f.push(Uint8Array.from([6])), 5);
    let last = 0;
    s.asyncReadSome(new Uint8Array(8), (_e, n) => void (last = n));
    ioc.restart();
    await ioc.run();
    expect(last).toBe(1);
  });

  test('bad arguments throw naming the argument', () => {
    expect(() => fromWebReadable({} as never)).toThrow(/^readableStream must be a WHATWG ReadableStream/);
    const locked = new ReadableStream();
    locked.getReader();
    expect(() => fromWebReadable(locked)).toThrow(/^readableStream must not be locked/);
    expect(() => fromWebReadable(new ReadableStream(), 1 as never)).toThrow(/^options must be an object/);
    expect(() => fromWebReadable(new ReadableStream(), { byob: 'yes' as never })).toThrow(/^options\.byob must be a boolean/);
    const s = fromWebReadable(new ReadableStream());
    expect(() => s.asyncReadSome('x' as never, () => {})).toThrow(/^buffers/);
    expect(() => s.asyncReadSome(new Uint8Array(1), 42 as never)).toThrow(/^token/);
  });
});
