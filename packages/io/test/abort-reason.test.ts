// asyncWrite cancelled through an AbortSignal: the operationAborted error keeps the signal's
// `reason` as its `cause`, whichever stream made it and whenever (see core's abort-reason.test).
import { once } from 'node:events';
import * as net from 'node:net';
import { Writable } from 'node:stream';
import { bindAbortSignal, CancellationType, errorIs, errors, systemExecutor, useFuture, type SystemError } from '@asio-ts/core';
import { asyncWrite, fromWritable, TestStream } from '@asio-ts/io';

const rejection = async (p: Promise<unknown>): Promise<SystemError> => {
  try {
    await p;
  } catch (e) {
    return e as SystemError;
  }
  throw new Error('resolved');
};

/** A Writable whose writes complete only when `release()` is called. */
function heldWritable(): { writable: Writable; writes: () => number; release: () => void } {
  const held: Array<() => void> = [];
  let writes = 0;
  const writable = new Writable({
    highWaterMark: 1,
    write(_chunk, _enc, cb) {
      writes++;
      held.push(() => cb());
    },
  });
  return { writable, writes: () => writes, release: () => held.splice(0).forEach((cb) => cb()) };
}

describe('asyncWrite cancelled through bindAbortSignal: the reason is the cause', () => {
  test('TestStream, useFuture', async () => {
    const stream = new TestStream(systemExecutor, { mode: 'manual' });
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const p = asyncWrite(stream, new Uint8Array(100), bindAbortSignal(ac.signal, useFuture));
    ac.abort(reason);
    const err = await rejection(p);
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(err.cause).toBe(reason);
  });

  test('TestStream, a callback, partial cancellation', async () => {
    const stream = new TestStream(systemExecutor, { mode: 'manual' });
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const done = new Promise<[SystemError | null, number]>((resolve) =>
      asyncWrite(stream, new Uint8Array(100), bindAbortSignal(ac.signal, (err, n) => resolve([err, n]), CancellationType.Partial)),
    );
    ac.abort(reason);
    const [err, n] = await done;
    expect(n).toBe(0);
    expect(err?.cause).toBe(reason);
  });

  test('fromWritable: the terminal cancellation destroys the stream; the error has the reason', async () => {
    const { writable } = heldWritable();
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const p = asyncWrite(fromWritable(writable), new Uint8Array(100), bindAbortSignal(ac.signal, useFuture));
    ac.abort(reason);
    const err = await rejection(p);
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(err.cause).toBe(reason);
    expect(writable.destroyed).toBe(true);
  });

  test('fromWritable with destroyOnCancel: false: asyncWrite stops between chunks, after the abort; still the reason', async () => {
    const held = heldWritable();
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const p = asyncWrite(fromWritable(held.writable, { destroyOnCancel: false }), new Uint8Array(200 * 1024), bindAbortSignal(ac.signal, useFuture));
    await new Promise((r) => setImmediate(r));
    expect(held.writes()).toBe(1); // the first 64 KiB chunk, held
    ac.abort(reason);
    held.release(); // the chunk completes; the composed write sees the cancellation and stops
    const err = await rejection(p);
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(err.cause).toBe(reason);
    expect(held.writable.destroyed).toBe(false);
  });

  test('fromWritable over a TCP socket whose peer stopped reading', async () => {
    const peers: net.Socket[] = [];
    const server = net.createServer((s) => {
      s.on('error', () => {});
      s.pause();
      peers.push(s);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    client.on('error', () => {});
    await once(client, 'connect');
    try {
      const ac = new AbortController();
      const reason = new Error('user gave up');
      const p = asyncWrite(fromWritable(client), new Uint8Array(64 * 1024 * 1024), bindAbortSignal(ac.signal, useFuture));
      await new Promise((r) => setTimeout(r, 50)); // the kernel's buffers fill; the write stalls
      ac.abort(reason);
      const err = await rejection(p);
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(err.cause).toBe(reason);
      expect(client.destroyed).toBe(true);
    } finally {
      client.destroy();
      for (const s of peers) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
