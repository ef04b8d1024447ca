/**
 * Real faults over real sockets (TCP on 127.0.0.1, port 0) through `fromWritable`, each with the
 * handler's error and byte count checked against what the peer received.
 *
 * What is provable (docs/reliability.md, "Bytes over a real socket"): the adapter reports a byte
 * as written once the socket's write callback confirmed it, i.e. once the kernel took it, not
 * once the peer read it. So:
 *
 * 1. The peer receives a prefix of the source (TCP keeps order; nothing is duplicated).
 * 2. The peer never receives more than was reported plus what was in flight when the write
 *    ended: received <= reported + (offered - confirmed) of the last asyncWriteSome. Bytes that
 *    were handed to the socket but not confirmed may or may not have left; they are not counted.
 * 3. It may receive less than was reported when the connection dies: confirmed bytes can still
 *    sit in a kernel buffer that a reset discards. Nothing stronger than (2) holds for failures.
 * 4. When the write succeeds, or stops without destroying the socket (partial cancellation),
 *    and the socket is then closed gracefully, the peer receives exactly the reported bytes.
 */
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import fc from 'fast-check';
import { IoContext, SystemError } from '@asio-ts/core';
import { fromWritable } from '@asio-ts/io';
import { reportFigures, seed } from '../../../core/test/reliability/fc-config.js';
import {
  figures,
  account,
  Recorder,
  connectPeer,
  shutdown,
  isPrefix,
  layout,
  writeOnce,
  big,
} from './socket-peer.js';

afterAll(() => reportFigures('real-sockets', figures));

describe('real faults over real sockets, through fromWritable', () => {
  test('the peer resets the connection mid-write: error, count and peer bytes agree (generated thresholds and layouts)', async () => {
    const source = new Uint8Array(randomBytes(big));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * 1024 * 1024 }),
        fc.array(fc.nat(big), { maxLength: 6 }),
        fc.boolean(),
        async (resetAfter, cuts, viaContext) => {
          let reset = false;
          const doReset = (s: net.Socket): void => {
            if (!reset) {
              reset = true;
              figures.resets++;
              s.resetAndDestroy();
            }
          };
          const peer = await connectPeer(
            (p) => {
              if (p.bytes >= resetAfter) doReset(p.socket);
            },
            (s) => {
              if (resetAfter === 0) doReset(s);
            },
          );
          try {
            const ioc = new IoContext();
            const rec = new Recorder(fromWritable(peer.client, viaContext ? { executor: ioc } : {}));
            const done = writeOnce(rec, layout(source, cuts));
            if (viaContext) await ioc.run();
            const { err, n, calls } = await done;
            await peer.closed;
            account(n, peer.bytes);
            if (err === null) figures.resetWritesSucceeded++;
            else figures.resetWritesFailed++;
            expect(calls).toBe(1);
            const reported = rec.chunks.reduce((a, c) => a + (c.n ?? 0), 0);
            expect(n).toBe(reported);
            expect(isPrefix(peer.chunks, source)).toBe(true);
            if (err === null) {
              // Everything was handed to the kernel before the reset was noticed.
              expect(n).toBe(source.length);
            } else {
              expect(err).toBeInstanceOf(SystemError);
              expect(['ECONNRESET', 'EPIPE']).toContain(err.code);
              expect(n).toBeLessThan(source.length);
            }
            if (peer.bytes > n + rec.inFlightAtEnd()) figures.boundViolations++;
            expect(peer.bytes).toBeLessThanOrEqual(n + rec.inFlightAtEnd());
            // The adapter's listeners go once the socket closed.
            // A write that succeeded before the reset was noticed leaves the client open.
            if (err === null && !peer.client.destroyed) peer.client.destroy();
            // `closed` turns true before a socket emits 'close'; the listeners go at the event.
            if (peer.client.listenerCount('close') > 0) await new Promise((resolve) => peer.client.once('close', resolve));
            expect(peer.client.listenerCount('close')).toBe(0);
            expect(peer.client.listeners('error')).toHaveLength(1); // the test's own
          } finally {
            await shutdown(peer);
          }
        },
      ),
      { seed, numRuns: 6 },
    );
  }, 120_000);

  test('the peer stops reading for ~2 s: the write waits, at most one chunk is queued in the socket, then every byte arrives', async () => {
    const source = new Uint8Array(randomBytes(big));
    const peer = await connectPeer(undefined, (s) => s.pause());
    try {
      const rec = new Recorder(fromWritable(peer.client));
      let maxQueued = 0;
      const sample = (): void => {
        maxQueued = Math.max(maxQueued, peer.client.writableLength);
      };
      const sampler = setInterval(sample, 20);
      let finished = false;
      const done = writeOnce(rec, source).then((r) => {
        finished = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 2000));
      sample();
      // Paused for 2 s: the kernel buffers are full, the write cannot have finished.
      expect(finished).toBe(false);
      const reportedWhilePaused = rec.chunks.reduce((a, c) => a + (c.n ?? 0), 0);
      expect(reportedWhilePaused).toBeLessThan(source.length);
      peer.socket.resume();
      const { err, n, calls } = await done;
      clearInterval(sampler);
      expect(calls).toBe(1);
      expect(err).toBeNull();
      expect(n).toBe(source.length);
      // Backpressure: never more than one asyncWriteSome's bytes (64 KiB with transferAll) queued in Node.
      expect(maxQueued).toBeLessThanOrEqual(65536);
      peer.client.end();
      await peer.closed;
      account(n, peer.bytes);
      expect(peer.bytes).toBe(source.length);
      expect(isPrefix(peer.chunks, source)).toBe(true);
    } finally {
      await shutdown(peer);
    }
  }, 60_000);
});
