import { PassThrough, Readable } from 'node:stream';
import { createServer, createConnection, type AddressInfo } from 'node:net';
import { bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, IoContext, useFuture, asTuple } from '@asio-ts/core';
import { fromReadable } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
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

  test('object mode: a chunk larger than the buffers keeps its rest for the next read; strings are UTF-8', async () => {
    const s = fromReadable(Readable.from([Buffer.from('abcdef'), 'gh', new Uint8Array([0x69])]));
    const buf = new Uint8Array(4);
    const got: string[] = [];
    for (;;) {
      const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
      if (err !== null) {
        expect(errorIs(err, errors.eof)).toBe(true);
        expect(n).toBe(0);
        break;
      }
      got.push(Buffer.from(buf.subarray(0, n)).toString());
    }
    // The rest of the first chunk comes first; a read may take more chunks after it when they fit.
    expect(got[0]).toBe('abcd');
    expect(got[1]!.startsWith('ef')).toBe(true);
    expect(got.join('')).toBe('abcdefghi');
    expect(got.every((g) => g.length <= 4)).toBe(true);
  });

  test('object mode: a chunk that is not bytes fails the read with invalidArgument', async () => {
    const s = fromReadable(Readable.from([{ not: 'bytes' }]));
    const [err, n] = await s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
    expect(n).toBe(0);
  });

  test('a stream with an encoding: its strings are read back as UTF-8, none split wrongly', async () => {
    const pt = new PassThrough();
    pt.setEncoding('utf8');
    const s = fromReadable(pt);
    const text = 'héllo wörld €';
    pt.end(Buffer.from(text));
    const parts: Uint8Array[] = [];
    for (;;) {
      const buf = new Uint8Array(3);
      const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
      if (err !== null) break;
      parts.push(buf.subarray(0, n));
    }
    expect(Buffer.concat(parts).toString('utf8')).toBe(text);
  });

  test('between reads the stream stays paused and buffers at most its highWaterMark', async () => {
    let pulls = 0;
    const source = new Readable({
      highWaterMark: 1024,
      read() {
        pulls++;
        this.push(Buffer.alloc(256, pulls & 0xff));
      },
    });
    const s = fromReadable(source);
    expect(source.readableFlowing).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    // Node filled its buffer up to the highWaterMark and stopped pulling.
    expect(source.readableLength).toBeLessThanOrEqual(1024);
    const before = pulls;
    await new Promise((r) => setTimeout(r, 20));
    expect(pulls).toBe(before);
    // A read takes what fits, no more; the stream then refills to its mark, no further.
    const buf = new Uint8Array(300);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(300);
    await new Promise((r) => setTimeout(r, 20));
    expect(source.readableLength).toBeLessThanOrEqual(1024 + 256);
    expect(source.readableFlowing).toBe(false);
  });

  test('bytes buffered before an error are read first, then the error, and it stays', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    pt.write(Buffer.from('abc'));
    await new Promise((r) => setImmediate(r));
    pt.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    const buf = new Uint8Array(10);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(3);
    for (let i = 0; i < 2; i++) {
      const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      expect(n).toBe(0);
    }
  });

  test('a stream destroyed before its end reads as connectionReset', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const p = s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    pt.destroy();
    const [err] = await p;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
  });

  test('a stream that ended, failed or closed before the adapter was made reads so at once', async () => {
    const ended = new PassThrough();
    ended.end();
    ended.resume();
    await new Promise((r) => ended.once('end', r));
    const [e1] = await fromReadable(ended).asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(e1, errors.eof)).toBe(true);

    const failed = new PassThrough();
    failed.on('error', () => {});
    failed.destroy(Object.assign(new Error('x'), { code: 'EPIPE' }));
    await new Promise((r) => failed.once('close', r));
    const [e2] = await fromReadable(failed).asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(e2, errors.brokenPipe)).toBe(true);

    const closed = new PassThrough();
    closed.destroy();
    await new Promise((r) => closed.once('close', r));
    const [e3] = await fromReadable(closed).asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(e3, errors.connectionReset)).toBe(true);
  });

  test('the adapter keeps the stream\'s own type', () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    expectTypeOf(s.readable).toEqualTypeOf<PassThrough>();
    expect(s.readable).toBe(pt);
  });

  test('bad arguments throw naming the argument', () => {
    expect(() => fromReadable(42 as never)).toThrow(/^readable/);
    expect(() => fromReadable(new PassThrough(), 5 as never)).toThrow(/^options/);
    const s = fromReadable(new PassThrough());
    expect(() => s.asyncReadSome('x' as never, () => {})).toThrow(/^buffers/);
    expect(() => s.asyncReadSome(new Uint8Array(1), 42 as never)).toThrow(/^token/);
  });
});
