// fromWritable over a TCP socket: terminal and partial cancellation of writes, destroyOnCancel,
// and no abort listener left behind.
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite, fromWritable } from '@asio-ts/io';
import { startWrite } from '../helpers/adapter-probe.js';
import { hashingPeer, listenerCounts, withAdapterListeners } from '../helpers/writable-peers.js';

describe('fromWritable over a TCP socket', () => {
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

  test('10,000 sequential writes under one signal leave no listener behind but the adapter\'s \'close\' listener', async () => {
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
    expect(listenerCounts(conn.client)).toEqual(withAdapterListeners(before));
    expect(signal.slot().hasHandler()).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    conn.client.end();
    expect((await conn.received).bytes).toBe(count * chunk.length);
    const closed = new Promise((resolve) => conn.client.once('close', resolve));
    await conn.close();
    await closed;
    expect(listenerCounts(conn.client)).toEqual(before);
  });
});
