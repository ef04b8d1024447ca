import { PassThrough, Readable } from 'node:stream';
import { createServer, createConnection, type AddressInfo } from 'node:net';
import { bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, IoContext, useFuture, asTuple } from '@asio-ts/core';
import { fromReadable } from '@asio-ts/io';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';

describe('fromReadable', () => {
  test('reads what a PassThrough holds, at most the buffer size per read, then eof', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    pt.write(Buffer.from('hello world'));
    const buf = new Uint8Array(5);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(5);
    expect(Buffer.from(buf).toString()).toBe('hello');
    expect(await s.asyncReadSome(buf, useFuture)).toBe(5);
    expect(Buffer.from(buf).toString()).toBe(' worl');
    pt.end();
    expect(await s.asyncReadSome(buf, useFuture)).toBe(1);
    const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(0);
  });

  test('fills a buffer sequence across element boundaries', async () => {
    const s = fromReadable(Readable.from([Buffer.from('abcdefgh')], { objectMode: false }));
    const a = new Uint8Array(3);
    const b = new Uint8Array(10);
    const n = await s.asyncReadSome([a, b], useFuture);
    expect(n).toBe(8);
    expect(Buffer.from(a).toString()).toBe('abc');
    expect(Buffer.from(b.subarray(0, 5)).toString()).toBe('defgh');
  });

  test('the handler never runs inside asyncReadSome, even when data is ready', async () => {
    const pt = new PassThrough();
    pt.write(Buffer.from('x'));
    const s = fromReadable(pt);
    await new Promise((r) => setImmediate(r));
    let calls = 0;
    s.asyncReadSome(new Uint8Array(4), () => calls++);
    expect(calls).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(1);
  });

  test('a second read while one is pending completes with alreadyStarted; the first is untouched', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const first = s.asyncReadSome(new Uint8Array(4), useFuture);
    const [err] = await s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(err, errors.alreadyStarted)).toBe(true);
    pt.write(Buffer.from('ok'));
    expect(await first).toBe(2);
  });

  test('cancelling a pending read takes nothing from the stream and releases the slot', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const sig = new CancellationSignal();
    const p = s.asyncReadSome(new Uint8Array(4), bindCancellationSlot(sig.slot(), asTuple(useFuture)));
    expect(sig.slot().hasHandler()).toBe(true);
    sig.emit();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(0);
    expect(sig.slot().hasHandler()).toBe(false);
    pt.write(Buffer.from('data'));
    const buf = new Uint8Array(4);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(4);
    expect(Buffer.from(buf).toString()).toBe('data');
  });

  test.each([
    ['terminal', CancellationType.Terminal],
    ['partial', CancellationType.Partial],
    ['total', CancellationType.Total],
  ] as const)('%s cancellation on the system executor, emit() from outside any executor: queued, once', async (_name, type) => {
    const s = fromReadable(new PassThrough());
    expectQueuedAbort(await cancelInFlight((h) => s.asyncReadSome(new Uint8Array(4), h), { type }), 0);
  });

  test('cancellation on an IoContext, emit() from inside one of its handlers: queued, once', async () => {
    const ioc = new IoContext();
    const s = fromReadable(new PassThrough(), { executor: ioc });
    expectQueuedAbort(await cancelInFlight((h) => s.asyncReadSome([new Uint8Array(2), new Uint8Array(2)], h), { ioc }), 0);
  });

  test.each(['useFuture', 'a callback'] as const)(
    'a pending read (%s) keeps its own copy of the buffer array: the caller may reuse the array meanwhile',
    async (kind) => {
      const pt = new PassThrough();
      const s = fromReadable(pt);
      const a = new Uint8Array(2);
      const b = new Uint8Array(2);
      const list = [a, b];
      const read =
        kind === 'useFuture'
          ? s.asyncReadSome(list, useFuture)
          : new Promise<number>((resolve) => s.asyncReadSome(list, (_err, n) => resolve(n)));
      list.length = 0;
      list.push(new Uint8Array(1));
      pt.write(Buffer.from('wxyz'));
      expect(await read).toBe(4);
      expect(Buffer.from([...a, ...b]).toString()).toBe('wxyz');
    },
  );

  test('a stream error reaches the pending read as a SystemError', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const p = s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    pt.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    const [err, n] = await p;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(0);
  });

  test('reads a TCP peer through an IoContext: run() waits for the reads', async () => {
    const server = createServer((sock) => sock.end(Buffer.alloc(100_000, 7)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const ioc = new IoContext();
    const sock = createConnection(port, '127.0.0.1');
    const s = fromReadable(sock, { executor: ioc });
    let total = 0;
    let ended = false;
    const buf = new Uint8Array(8192);
    const next = (): void => {
      s.asyncReadSome(buf, (err, n) => {
        total += n;
        if (err === null) next();
        else ended = errorIs(err, errors.eof);
      });
    };
    next();
    await ioc.run();
    expect(ended).toBe(true);
    expect(total).toBe(100_000);
    sock.destroy();
    await new Promise((r) => server.close(r));
  });

  test('bad arguments throw naming the argument', () => {
    expect(() => fromReadable(42 as never)).toThrow(/^readable/);
    expect(() => fromReadable(new PassThrough(), 5 as never)).toThrow(/^options/);
    const s = fromReadable(new PassThrough());
    expect(() => s.asyncReadSome('x' as never, () => {})).toThrow(/^buffers/);
    expect(() => s.asyncReadSome(new Uint8Array(1), 42 as never)).toThrow(/^token/);
  });
});
