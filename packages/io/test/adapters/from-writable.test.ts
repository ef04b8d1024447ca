import { createHash, randomBytes } from 'node:crypto';
import { getEventListeners, once } from 'node:events';
import { createWriteStream, promises as fsp } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
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
import {
  asyncWrite,
  ByteVector,
  dynamicBuffer,
  fromWritable,
  Streambuf,
  type AdapterOptions,
  type AdapterWriteStream,
  type FileHandleWriteStream,
  type FromFileHandleOptions,
  type FromReadableOptions,
  type FromWebWritableOptions,
  type FromWritableOptions,
  type WebWritableWriteStream,
  type WritableWriteStream,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { cancelInFlight, expectQueuedAbort, startWrite, writeUnderRun } from '../helpers/adapter-probe.js';

interface Received {
  bytes: number;
  hash: string;
}

/**
 * A TCP peer on 127.0.0.1 that sha256-hashes everything it receives. `onConnection` may pause,
 * reset, ... the server side socket; `received` resolves at the end of the stream.
 */
async function hashingPeer(onConnection?: (s: net.Socket) => void) {
  let accept!: (s: net.Socket) => void;
  const accepted = new Promise<net.Socket>((r) => (accept = r));
  let finish!: (r: Received) => void;
  const received = new Promise<Received>((r) => (finish = r));
  const server = net.createServer((s) => {
    const hash = createHash('sha256');
    let bytes = 0;
    s.on('data', (d: Buffer) => {
      bytes += d.length;
      hash.update(d);
    });
    s.on('error', () => {});
    s.on('close', () => finish({ bytes, hash: hash.digest('hex') }));
    onConnection?.(s);
    accept(s);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const peer = await accepted;
  return {
    client,
    peer,
    received,
    async close(): Promise<void> {
      client.destroy();
      peer.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

const events = ['error', 'close', 'drain', 'finish', 'end'] as const;
function listenerCounts(w: NodeJS.EventEmitter): number[] {
  return events.map((e) => w.listenerCount(e));
}


/**
 * Until `w` has emitted 'close' (`closed` turns true before that: Node emits 'close', and an
 * 'error' before it, on a later tick).
 */
async function closeEmitted(w: Writable): Promise<void> {
  const state = (w as unknown as { _writableState?: { closeEmitted?: boolean } })._writableState;
  if (state?.closeEmitted !== true) await once(w, 'close');
}

/** `data` cut into pieces of varying sizes (some empty). */
function pieces(data: Uint8Array, seed = 7): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  let x = seed;
  while (at < data.length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const n = x % 9000;
    out.push(data.subarray(at, Math.min(data.length, at + n)));
    at += n;
  }
  return out;
}

describe('fromWritable: arguments', () => {
  test('bad arguments throw TypeErrors naming them', () => {
    expect(() => fromWritable(null as never)).toThrow(/^writable must be/);
    expect(() => fromWritable({ write() {} } as never)).toThrow(TypeError);
    const w = new Writable({ write: (_c, _e, cb) => cb() });
    expect(() => fromWritable(w, 5 as never)).toThrow(/^options must be an object/);
    expect(() => fromWritable(w, { executor: 5 as never })).toThrow(/^options\.executor/);
    expect(() => fromWritable(w, { destroyOnCancel: 'yes' as never })).toThrow(/^options\.destroyOnCancel must be a boolean/);
    const s = fromWritable(w);
    expect(() => s.asyncWriteSome('text' as never, () => {})).toThrow(/^buffers must be/);
    expect(() => s.asyncWriteSome(new Uint8Array(1), 42 as never)).toThrow(/^token must be/);
  });

  test('asyncWriteSome types an arrow handler as a write handler and returns what the token says', async () => {
    const s = fromWritable(new Writable({ write: (_c, _e, cb) => cb() }));
    const got = await new Promise<[SystemError | null, number]>((resolve) => {
      const r: void = s.asyncWriteSome(new Uint8Array(3), (err, n) => {
        const e: SystemError | null = err;
        const k: number = n;
        resolve([e, k]);
      });
      void r;
    });
    expect(got).toEqual([null, 3]);
    const p: Promise<number> = s.asyncWriteSome(new Uint8Array(4), useFuture);
    expect(await p).toBe(4);
    expect(await s.asyncWriteSome(new Uint8Array(5))).toBe(5);
  });

  test('the adapters\' shared bases are public types', () => {
    expectTypeOf<WritableWriteStream>().toExtend<AdapterWriteStream>();
    expectTypeOf<FileHandleWriteStream>().toExtend<AdapterWriteStream>();
    expectTypeOf<WebWritableWriteStream>().toExtend<AdapterWriteStream>();
    expectTypeOf<FromWritableOptions>().toExtend<AdapterOptions>();
    expectTypeOf<FromFileHandleOptions>().toExtend<AdapterOptions>();
    expectTypeOf<FromWebWritableOptions>().toExtend<AdapterOptions>();
    expectTypeOf<FromReadableOptions>().toExtend<AdapterOptions>();
    const s: AdapterWriteStream = fromWritable(new Writable({ write: (_c, _e, cb) => cb() }));
    expect(typeof s.asyncWriteSome).toBe('function');
  });
});

describe('fromWritable over a TCP socket', () => {
  const data = randomBytes(3 * 1024 * 1024 + 123);

  test('asyncWrite of a const buffer with a callback: every byte arrives, once, never inside the call', async () => {
    const conn = await hashingPeer();
    const stream = fromWritable(conn.client);
    const before = listenerCounts(conn.client);
    const probe = startWrite((h) => asyncWrite(stream, data, h));
    expect(probe.calls()).toBe(0);
    const [err, n] = await probe.done;
    expect(err).toBeNull();
    expect(n).toBe(data.length);
    expect(probe.ranInside()).toBe(false);
    conn.client.end();
    expect(await conn.received).toEqual({ bytes: data.length, hash: sha256(data) });
    expect(probe.calls()).toBe(1);
    expect(listenerCounts(conn.client)).toEqual(before);
    await conn.close();
  });

  test('asyncWrite of a sequence of many buffers with useFuture (writev through cork)', async () => {
    const conn = await hashingPeer();
    const stream = fromWritable(conn.client);
    const seq = pieces(data);
    expect(seq.length).toBeGreaterThan(500);
    await expect(asyncWrite(stream, seq, useFuture)).resolves.toBe(data.length);
    conn.client.end();
    expect(await conn.received).toEqual({ bytes: data.length, hash: sha256(data) });
    await conn.close();
  });

  test('asyncWrite of a Streambuf, deferred and awaited: the Streambuf is drained', async () => {
    const conn = await hashingPeer();
    const stream = fromWritable(conn.client);
    const sb = new Streambuf();
    sb.sputn(data);
    const op = asyncWrite(stream, sb);
    expect(sb.size()).toBe(data.length);
    expect(await op).toBe(data.length);
    expect(sb.size()).toBe(0);
    conn.client.end();
    expect(await conn.received).toEqual({ bytes: data.length, hash: sha256(data) });
    await conn.close();
  });

  test('asyncWriteSome takes every byte of a buffer sequence in one call', async () => {
    const conn = await hashingPeer();
    const stream = fromWritable(conn.client);
    const seq = pieces(data.subarray(0, 200_000), 3);
    await expect(stream.asyncWriteSome(seq, useFuture)).resolves.toBe(200_000);
    conn.client.end();
    expect(await conn.received).toEqual({ bytes: 200_000, hash: sha256(data.subarray(0, 200_000)) });
    await conn.close();
  });

  test('with an IoContext as the I/O executor, run() waits for the write and runs the handler', async () => {
    const conn = await hashingPeer();
    const ioc = new IoContext();
    const stream = fromWritable(conn.client, { executor: ioc });
    expect(stream.getExecutor()).toBe(ioc.getExecutor());
    const ran = await writeUnderRun(ioc, (h) => asyncWrite(stream, data, h));
    expect(ran).toEqual({ outcome: [null, data.length], inContext: true, handlersRun: ran.handlersRun });
    expect(ran.handlersRun).toBeGreaterThan(0);
    conn.client.end();
    expect((await conn.received).bytes).toBe(data.length);
    await conn.close();
  });

  test('backpressure: a write to a peer that stops reading completes only after it resumes', async () => {
    const order: string[] = [];
    const conn = await hashingPeer((s) => s.pause());
    const stream = fromWritable(conn.client);
    const big = randomBytes(24 * 1024 * 1024);
    const probe = startWrite((h) =>
      asyncWrite(stream, big, (err, n) => {
        order.push('write done');
        h(err, n);
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    // The kernel buffers are full: the write is still waiting, with bytes queued in the socket.
    expect(probe.calls()).toBe(0);
    expect(conn.client.writableLength).toBeGreaterThan(0);
    order.push('peer resumes');
    conn.peer.resume();
    const [err, n] = await probe.done;
    expect(err).toBeNull();
    expect(n).toBe(big.length);
    expect(order).toEqual(['peer resumes', 'write done']);
    conn.client.end();
    expect(await conn.received).toEqual({ bytes: big.length, hash: sha256(big) });
    await conn.close();
  });

  test('the peer resets mid-write: connectionReset or brokenPipe, and the dynamic buffer keeps exactly the rest', async () => {
    let got = 0;
    const conn = await hashingPeer((s) => {
      s.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= 1024 * 1024 && !s.destroyed) s.resetAndDestroy();
      });
    });
    const stream = fromWritable(conn.client);
    const before = listenerCounts(conn.client);
    const closed = new Promise((resolve) => conn.client.once('close', resolve));
    const total = 64 * 1024 * 1024;
    const source = new Uint8Array(total);
    for (let i = 0; i < total; i += 4096) source[i] = (i >>> 12) & 0xff;
    const vec = new ByteVector(source);
    const dyn = dynamicBuffer(vec);
    const probe = startWrite((h) => asyncWrite(stream, dyn, h));
    const [err, n] = await probe.done;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.connectionReset) || errorIs(err, errors.brokenPipe)).toBe(true);
    expect(n).toBeLessThan(total);
    expect(dyn.size()).toBe(total - n);
    expect(Buffer.from(dyn.data()).equals(Buffer.from(source.subarray(n)))).toBe(true);
    expect(probe.ranInside()).toBe(false);
    // A later write on the dead socket fails at once, through the handler.
    const again = startWrite((h) => stream.asyncWriteSome(new Uint8Array(10), h));
    const [err2, n2] = await again.done;
    expect(err2).toBeInstanceOf(SystemError);
    expect(n2).toBe(0);
    expect(again.ranInside()).toBe(false);
    // The adapter's listeners stay until the socket has emitted 'close' (an 'error' may still come).
    await closed;
    expect(listenerCounts(conn.client)).toEqual(before);
    expect(probe.calls()).toBe(1);
    await conn.close();
  });

  /** A peer that reads 1 MB and then stops; resolves `stalled` then. */
  async function stallingPeer() {
    let stall!: () => void;
    const stalled = new Promise<void>((r) => (stall = r));
    let got = 0;
    const conn = await hashingPeer((s) =>
      s.on('data', (d: Buffer) => {
        if (got < 1024 * 1024 && (got += d.length) >= 1024 * 1024) {
          s.pause();
          stall();
        }
      }),
    );
    return { ...conn, stalled };
  }

  test('terminal cancellation through bindCancellationSlot destroys the socket and aborts the write', async () => {
    const conn = await stallingPeer();
    const stream = fromWritable(conn.client);
    const before = listenerCounts(conn.client);
    const closed = new Promise((resolve) => conn.client.once('close', resolve));
    const signal = new CancellationSignal();
    const big = new Uint8Array(32 * 1024 * 1024);
    const probe = startWrite((h) => asyncWrite(stream, big, bindCancellationSlot(signal.slot(), h)));
    await conn.stalled;
    expect(probe.calls()).toBe(0);
    expect(signal.slot().hasHandler()).toBe(true);
    signal.emit(CancellationType.Terminal);
    const [err, n] = await probe.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(err?.code).toBe('ECANCELED');
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(big.length);
    expect(conn.client.destroyed).toBe(true);
    expect(signal.slot().hasHandler()).toBe(false);
    await closed;
    expect(listenerCounts(conn.client)).toEqual(before);
    expect(probe.calls()).toBe(1);
    await conn.close();
  });

  test('terminal cancellation through bindAbortSignal, on asyncWriteSome itself', async () => {
    const conn = await stallingPeer();
    const stream = fromWritable(conn.client);
    const controller = new AbortController();
    const probe = startWrite((h) => stream.asyncWriteSome(new Uint8Array(32 * 1024 * 1024), bindAbortSignal(controller.signal, h)));
    await conn.stalled;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const [err, n] = await probe.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    // One buffer handed over whole and never confirmed by the socket: nothing is counted.
    expect(n).toBe(0);
    expect(conn.client.destroyed).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await conn.close();
  });

  test('partial cancellation is not recalled: asyncWrite stops between chunks, the socket stays usable', async () => {
    const conn = await stallingPeer();
    const stream = fromWritable(conn.client);
    const signal = new CancellationSignal();
    const big = new Uint8Array(32 * 1024 * 1024);
    const probe = startWrite((h) => asyncWrite(stream, big, bindCancellationSlot(signal.slot(), h)));
    await conn.stalled;
    signal.emit(CancellationType.Partial);
    expect(conn.client.destroyed).toBe(false);
    conn.peer.resume();
    const [err, n] = await probe.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(big.length);
    expect(conn.client.destroyed).toBe(false);
    await expect(asyncWrite(stream, new Uint8Array(1000), useFuture)).resolves.toBe(1000);
    conn.client.end();
    expect((await conn.received).bytes).toBe(n + 1000);
    await conn.close();
  });

  test('destroyOnCancel: false turns terminal cancellation into a stop between chunks', async () => {
    const conn = await stallingPeer();
    const stream = fromWritable(conn.client, { destroyOnCancel: false });
    const signal = new CancellationSignal();
    const probe = startWrite((h) => asyncWrite(stream, new Uint8Array(32 * 1024 * 1024), bindCancellationSlot(signal.slot(), h)));
    await conn.stalled;
    signal.emit(CancellationType.Terminal);
    conn.peer.resume();
    const [err] = await probe.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(conn.client.destroyed).toBe(false);
    await conn.close();
  });

  test('10,000 sequential writes under one signal leave no listener behind', async () => {
    const conn = await hashingPeer();
    const stream = fromWritable(conn.client);
    const before = listenerCounts(conn.client);
    const signal = new CancellationSignal();
    const controller = new AbortController();
    const chunk = new Uint8Array(100).fill(7);
    const count = 10_000;
    await new Promise<void>((resolve, reject) => {
      let i = 0;
      const next = (err: SystemError | null, n: number): void => {
        if (err !== null || (i > 0 && n !== chunk.length)) return reject(err ?? new Error(`wrote ${n}`));
        if (i === count) return resolve();
        const token = i % 2 === 0 ? bindCancellationSlot(signal.slot(), next) : bindAbortSignal(controller.signal, next);
        i++;
        asyncWrite(stream, chunk, token);
      };
      next(null, 0);
    });
    expect(listenerCounts(conn.client)).toEqual(before);
    expect(signal.slot().hasHandler()).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    conn.client.end();
    expect((await conn.received).bytes).toBe(count * chunk.length);
    await conn.close();
  });
});

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

describe('fromWritable: a cancelled write completes queued, never inside emit()', () => {
  /** A Writable that takes a write and never confirms it. */
  const stalled = (): Writable => new Writable({ write() {} });

  test('asyncWriteSome on the system executor, emit() from outside any executor', async () => {
    const w = stalled();
    const stream = fromWritable(w);
    const r = await cancelInFlight((h) => stream.asyncWriteSome(new Uint8Array(10), h));
    expectQueuedAbort(r, 0);
    expect(w.destroyed).toBe(true);
  });

  test('asyncWrite (the final handler) on the system executor, emit() from outside any executor', async () => {
    const stream = fromWritable(stalled());
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, [new Uint8Array(10), new Uint8Array(5)], h)));
  });

  test('asyncWrite on an IoContext, emit() from inside one of its handlers', async () => {
    const ioc = new IoContext();
    const stream = fromWritable(stalled(), { executor: ioc });
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, new Uint8Array(10), h), { ioc }));
  });
});

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

  test('between writes the adapter does not listen: an unheard error is thrown as Node throws it', async () => {
    // A Writable with no 'error' listener of its own, written through a new adapter each time.
    let taken = 0;
    const writable = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        taken += chunk.length;
        setImmediate(cb);
      },
    });
    for (let i = 0; i < 12; i++) await expect(asyncWrite(fromWritable(writable), data.subarray(0, 100), useFuture)).resolves.toBe(100);
    expect(taken).toBe(1200);
    expect([writable.listenerCount('error'), writable.listenerCount('close')]).toEqual([0, 0]);
    // (Node wraps it in ERR_UNHANDLED_ERROR here: the test's Error comes from another realm.)
    expect(() => writable.emit('error', new Error('idle failure'))).toThrow(/idle failure/);
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
