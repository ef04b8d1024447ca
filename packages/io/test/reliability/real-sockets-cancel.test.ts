// Cancellation over real sockets, through fromWritable: terminal cancellation destroys the socket,
// partial cancellation stops between chunks; every byte reported written reached the peer.
import { randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
} from '@asio-ts/core';
import { fromWritable } from '@asio-ts/io';
import { reportFigures } from '../../../core/test/reliability/fc-config.js';
import { figures, account, Recorder, connectPeer, shutdown, isPrefix, writeOnce, big } from './socket-peer.js';

afterAll(() => reportFigures('real-sockets-cancel', figures));

describe('real faults over real sockets, through fromWritable', () => {

  test.each(['signal', 'abort'] as const)(
    'terminal cancellation (%s) destroys the socket: operationAborted, and the peer got at most what was reported plus the chunk in flight',
    async (via) => {
      const source = new Uint8Array(randomBytes(big));
      const peer = await connectPeer(undefined, (s) => s.pause());
      try {
        const rec = new Recorder(fromWritable(peer.client));
        const signal = new CancellationSignal();
        const controller = new AbortController();
        const done = writeOnce(rec, source, (h) =>
          via === 'signal' ? bindCancellationSlot(signal.slot(), h) : bindAbortSignal(controller.signal, h),
        );
        await new Promise((r) => setTimeout(r, 200));
        figures.cancellations++;
        if (via === 'signal') signal.emit(CancellationType.Terminal);
        else controller.abort();
        const { err, n, calls } = await done;
        expect(calls).toBe(1);
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(peer.client.destroyed).toBe(true);
        expect(n).toBeLessThan(source.length);
        expect(n).toBe(rec.chunks.reduce((a, c) => a + (c.n ?? 0), 0));
        // Let the peer read whatever reached it.
        peer.socket.resume();
        await peer.closed;
        account(n, peer.bytes);
        expect(isPrefix(peer.chunks, source)).toBe(true);
        expect(peer.bytes).toBeLessThanOrEqual(n + rec.inFlightAtEnd());
        expect(signal.slot().hasHandler()).toBe(false);
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      } finally {
        await shutdown(peer);
      }
    },
    30_000,
  );

  test('partial cancellation stops between chunks without destroying the socket: the peer gets exactly the reported bytes, and a second write the rest', async () => {
    const source = new Uint8Array(randomBytes(big));
    const peer = await connectPeer(undefined, (s) => s.pause());
    try {
      const rec = new Recorder(fromWritable(peer.client));
      const signal = new CancellationSignal();
      const first = writeOnce(rec, source, (h) => bindCancellationSlot(signal.slot(), h));
      await new Promise((r) => setTimeout(r, 200));
      figures.cancellations++;
      signal.emit(CancellationType.Partial);
      // The chunk in flight is not recalled: it completes once the peer drains, then the op stops.
      peer.socket.resume();
      const { err, n, calls } = await first;
      expect(calls).toBe(1);
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(peer.client.destroyed).toBe(false);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(source.length);
      const second = await writeOnce(fromWritable(peer.client), source.subarray(n));
      expect(second.err).toBeNull();
      expect(second.n).toBe(source.length - n);
      peer.client.end();
      await peer.closed;
      account(n + second.n, peer.bytes);
      expect(peer.bytes).toBe(source.length);
      expect(isPrefix(peer.chunks, source)).toBe(true);
    } finally {
      await shutdown(peer);
    }
  }, 60_000);
});
