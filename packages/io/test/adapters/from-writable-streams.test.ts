// fromWritable over custom Writables and fs.WriteStream: failures, the stream's own 'error'.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { errorIs, errors, SystemError, useFuture } from '@asio-ts/core';
import { asyncWrite, fromWritable, Streambuf, type WritableWriteStream } from '@asio-ts/io';
import { startWrite } from '../helpers/adapter-probe.js';
import { pieces } from '../helpers/writable-peers.js';

/**
 * Until `w` has emitted 'close' (`closed` turns true before that: Node emits 'close', and an
 * 'error' before it, on a later tick).
 */
async function closeEmitted(w: Writable): Promise<void> {
  const state = (w as unknown as { _writableState?: { closeEmitted?: boolean } })._writableState;
  if (state?.closeEmitted !== true) await once(w, 'close');
}

/** A Writable that takes each chunk after a timer, recording what it got and how. */
function slowSink(options: { writev?: boolean; failAt?: number; failWith?: Error } = {}) {
  const chunks: Buffer[] = [];
  const batches: number[] = [];
  let taken = 0;
  const take = (chunk: Buffer, cb: (err?: Error | null) => void): void => {
    setTimeout(() => {
      if (options.failAt !== undefined && taken + chunk.length > options.failAt) return cb(options.failWith ?? new Error('sink failed'));
      taken += chunk.length;
      chunks.push(Buffer.from(chunk));
      cb();
    }, 1);
  };
  const writable = new Writable({
    write: (chunk: Buffer, _enc, cb) => {
      batches.push(1);
      take(chunk, cb);
    },
    ...(options.writev === true
      ? {
          writev: (list: { chunk: Buffer }[], cb: (err?: Error | null) => void) => {
            batches.push(list.length);
            take(Buffer.concat(list.map((c) => c.chunk)), cb);
          },
        }
      : {}),
  });
  writable.on('error', () => {}); // a test's own listener, as an application has one
  return { writable, batches, bytes: () => Buffer.concat(chunks) };
}

describe('fromWritable over custom Writables and fs.WriteStream', () => {
  const data = randomBytes(300_000);

  test('a slow async _write without _writev gets every byte, in order', async () => {
    const sink = slowSink();
    const stream = fromWritable(sink.writable);
    await expect(asyncWrite(stream, pieces(data), useFuture)).resolves.toBe(data.length);
    expect(sink.bytes().equals(data)).toBe(true);
  });

  test('a Writable with _writev gets several buffers of one write in one batch', async () => {
    const sink = slowSink({ writev: true });
    const stream = fromWritable(sink.writable);
    await expect(asyncWrite(stream, pieces(data), useFuture)).resolves.toBe(data.length);
    expect(sink.bytes().equals(data)).toBe(true);
    expect(Math.max(...sink.batches)).toBeGreaterThan(1);
  });

  test('a failing sink: the error is mapped and the bytes confirmed before it are reported', async () => {
    const sink = slowSink({ failAt: 100_000, failWith: Object.assign(new Error('pipe gone'), { code: 'EPIPE' }) });
    const stream = fromWritable(sink.writable);
    const seq = [data.subarray(0, 40_000), data.subarray(40_000, 80_000), data.subarray(80_000, 120_000)];
    const probe = startWrite((h) => stream.asyncWriteSome(seq, h));
    const [err, n] = await probe.done;
    expect(errorIs(err, errors.brokenPipe)).toBe(true);
    expect((err?.cause as Error).message).toBe('pipe gone');
    expect(n).toBe(80_000);
    expect(sink.bytes().equals(data.subarray(0, 80_000))).toBe(true);
    await closeEmitted(sink.writable);
    expect(sink.writable.listenerCount('error')).toBe(1);
    expect(sink.writable.listenerCount('close')).toBe(0);
  });

  test("between writes the adapter does not hear 'error': an unheard error is thrown as Node throws it", async () => {
    // A Writable with no 'error' listener of its own, written through a new adapter each time:
    // only the last adapter's 'close' listener stays (the others let go when the next one started).
    let taken = 0;
    const writable = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        taken += chunk.length;
        setImmediate(cb);
      },
    });
    for (let i = 0; i < 12; i++) await expect(asyncWrite(fromWritable(writable), data.subarray(0, 100), useFuture)).resolves.toBe(100);
    expect(taken).toBe(1200);
    expect([writable.listenerCount('error'), writable.listenerCount('close')]).toEqual([0, 1]);
    // (Node wraps it in ERR_UNHANDLED_ERROR here: the test's Error comes from another realm.)
    expect(() => writable.emit('error', new Error('idle failure'))).toThrow(/idle failure/);
    // An owner's `once('error')` hears it, and nothing else is thrown.
    const heard: string[] = [];
    writable.once('error', (e: Error) => heard.push(e.message));
    expect(writable.emit('error', new Error('heard failure'))).toBe(true);
    expect(heard).toEqual(['heard failure']);
    // 'close' takes the adapter's listener away.
    writable.destroy();
    await new Promise((resolve) => writable.once('close', resolve));
    expect([writable.listenerCount('error'), writable.listenerCount('close')]).toEqual([0, 0]);
  });

  test("back-to-back writes through one adapter add its 'close' listener once", async () => {
    const writable = new Writable({ write: (_chunk: Buffer, _enc, cb) => setImmediate(cb) });
    const added: string[] = [];
    writable.on('newListener', (event: string) => added.push(event));
    const stream = fromWritable(writable);
    for (let i = 0; i < 5; i++) await expect(asyncWrite(stream, data.subarray(0, 10), useFuture)).resolves.toBe(10);
    expect(added.filter((e) => e === 'close')).toEqual(['close']);
    expect(added.filter((e) => e === 'error')).toHaveLength(5);
  });

  test('adapters writing on one stream at once leave no listeners piling up', async () => {
    const writable = new Writable({ write: (_chunk: Buffer, _enc, cb) => setImmediate(cb) });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    try {
      for (let round = 0; round < 20; round++) {
        const both = [fromWritable(writable), fromWritable(writable)].map((s) => asyncWrite(s, data.subarray(0, 10), useFuture));
        await expect(Promise.all(both)).resolves.toEqual([10, 10]);
        expect(writable.listenerCount('error')).toBe(0);
        expect(writable.listenerCount('close')).toBe(1);
      }
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.removeListener('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  test("a write that failed on a stream that lives on: the adapter's listeners go once a write succeeds", async () => {
    // An 'error' emitted by hand fails the write in flight without destroying the stream.
    const writable = new Writable({ write: (_chunk: Buffer, _enc, cb) => setImmediate(cb) });
    const stream = fromWritable(writable);
    const failing = asyncWrite(stream, data.subarray(0, 10), useFuture);
    writable.emit('error', new Error('by hand'));
    await expect(failing).rejects.toThrow(/by hand/);
    // The stream's late write report is ignored; later writes, through it and others, succeed.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(asyncWrite(stream, data.subarray(0, 10), useFuture)).resolves.toBe(10);
    for (let i = 0; i < 3; i++) await expect(asyncWrite(fromWritable(writable), data.subarray(0, 10), useFuture)).resolves.toBe(10);
    expect([writable.listenerCount('error'), writable.listenerCount('close')]).toEqual([0, 1]);
  });

  test("an owner's removeAllListeners between writes: the next write hears 'close' again", async () => {
    // A sink that never reports a write: only 'close' can end it.
    let hold = false;
    const writable = new Writable({
      write: (_chunk: Buffer, _enc, cb) => {
        if (!hold) setImmediate(cb);
      },
    });
    const stream = fromWritable(writable);
    await expect(asyncWrite(stream, data.subarray(0, 10), useFuture)).resolves.toBe(10);
    writable.removeAllListeners('close');
    hold = true;
    const stuck = asyncWrite(stream, data.subarray(0, 10), useFuture);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writable.listenerCount('close')).toBe(1);
    writable.destroy();
    const err = await stuck.then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorIs(err, errors.brokenPipe)).toBe(true);
  });

  test("a write failing on a stream that is closed before its 'error' is emitted: no uncaught exception", async () => {
    // fs.WriteStream to a missing directory, written before it opened: the write's callback
    // gets ENOENT with the stream already `closed`, and Node emits 'error' a tick later.
    const path = join(tmpdir(), `asio-ts-missing-${process.pid}-${Date.now()}`, 'x.bin');
    const ws = createWriteStream(path);
    const err = await asyncWrite(fromWritable(ws), data.subarray(0, 100), useFuture).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SystemError);
    expect((err as SystemError).code).toBe('ENOENT');
    await closeEmitted(ws);
    expect([ws.listenerCount('error'), ws.listenerCount('close')]).toEqual([0, 0]);
  });

  test("the stream's own 'error' for a failure a handler got is absorbed, with no listener of the application", async () => {
    const sink = slowSink({ failAt: 10, failWith: Object.assign(new Error('disk gone'), { code: 'EIO' }) });
    sink.writable.removeAllListeners('error'); // no listener of the application's own
    const stream = fromWritable(sink.writable);
    const err = await asyncWrite(stream, data.subarray(0, 100), useFuture).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SystemError);
    // The Writable emits 'error' and then 'close'; unheard, that 'error' would be thrown.
    await closeEmitted(sink.writable);
    expect(sink.writable.listenerCount('error')).toBe(0);
    expect(sink.writable.listenerCount('close')).toBe(0);
  });

  test('a second write while one is in flight completes with alreadyStarted and leaves the first alone', async () => {
    const sink = slowSink();
    const stream: WritableWriteStream = fromWritable(sink.writable);
    const first = startWrite((h) => stream.asyncWriteSome(data, h));
    const second = startWrite((h) => stream.asyncWriteSome(new Uint8Array([1, 2, 3]), h));
    expect(first.calls()).toBe(0);
    const [err2, n2] = await second.done;
    expect(errorIs(err2, errors.alreadyStarted)).toBe(true);
    expect(n2).toBe(0);
    // (Which of the two handlers runs first is a race between the sink's 1 ms timer and a post.)
    expect(await first.done).toEqual([null, data.length]);
    expect(first.calls()).toBe(1);
    expect(sink.bytes().equals(data)).toBe(true);
    expect(first.ranInside() || second.ranInside()).toBe(false);
  });

  test('writes on a destroyed or ended stream complete with brokenPipe, never inside the call', async () => {
    for (const kill of [(w: Writable) => w.destroy(), (w: Writable) => w.end()]) {
      const sink = slowSink();
      kill(sink.writable);
      const stream = fromWritable(sink.writable);
      const probe = startWrite((h) => stream.asyncWriteSome(data, h));
      const [err, n] = await probe.done;
      expect(errorIs(err, errors.brokenPipe)).toBe(true);
      expect(n).toBe(0);
      expect(probe.ranInside()).toBe(false);
    }
  });

  test('a callback write counts its own buffers: the caller may reuse its array once asyncWriteSome returned', async () => {
    const sink = slowSink();
    const stream = fromWritable(sink.writable);
    const seq = [data.subarray(0, 1000), new Uint8Array(0), data.subarray(1000, 3000)];
    const probe = startWrite((h) => stream.asyncWriteSome(seq, h));
    seq.length = 0;
    seq.push(new Uint8Array(7));
    expect(await probe.done).toEqual([null, 3000]);
    expect(sink.bytes().equals(data.subarray(0, 3000))).toBe(true);
  });

  test('an empty buffer sequence completes with 0 bytes and writes nothing', async () => {
    const sink = slowSink();
    const stream = fromWritable(sink.writable);
    await expect(stream.asyncWriteSome([new Uint8Array(0)], useFuture)).resolves.toBe(0);
    expect(sink.batches).toEqual([]);
  });

  test('an _write that throws fails the write through the handler', async () => {
    const w = new Writable({
      write() {
        throw Object.assign(new Error('boom'), { code: 'ECONNRESET' });
      },
    });
    w.on('error', () => {});
    const probe = startWrite((h) => fromWritable(w).asyncWriteSome(data, h));
    const [err, n] = await probe.done;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(0);
    expect(probe.ranInside()).toBe(false);
  });

  test('fs.createWriteStream: a Streambuf written to a temp file reads back the same', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'asio-ts-from-writable-'));
    const file = join(dir, 'out.bin');
    try {
      const ws = createWriteStream(file);
      const stream = fromWritable(ws);
      const sb = new Streambuf();
      sb.sputn(data);
      await expect(asyncWrite(stream, sb, useFuture)).resolves.toBe(data.length);
      await expect(asyncWrite(stream, pieces(data, 11), useFuture)).resolves.toBe(data.length);
      ws.end();
      await once(ws, 'close');
      expect((await fsp.readFile(file)).equals(Buffer.concat([data, data]))).toBe(true);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
