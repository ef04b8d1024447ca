// fromWritable over a TCP socket to a real peer: every byte arrives once, writev, Streambuf,
// backpressure, the peer resetting mid-write.
import { createHash, randomBytes } from 'node:crypto';
import { errorIs, errors, IoContext, SystemError, useFuture } from '@asio-ts/core';
import { asyncWrite, ByteVector, dynamicBuffer, fromWritable, Streambuf } from '@asio-ts/io';
import { startWrite, writeUnderRun } from '../helpers/adapter-probe.js';
import { hashingPeer, listenerCounts, pieces, withAdapterListeners } from '../helpers/writable-peers.js';

function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

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
    // The adapter's 'close' listener stays between writes, until 'close'.
    expect(listenerCounts(conn.client)).toEqual(withAdapterListeners(before));
    const closed = new Promise((resolve) => conn.client.once('close', resolve));
    await conn.close();
    await closed;
    expect(listenerCounts(conn.client)).toEqual(before);
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
});
