/**
 * A peer that keeps sending and never sends the delimiter, read with `asyncReadUntil` into a
 * dynamic buffer with a `maxSize`, over `fromDuplex(net.Socket)` (127.0.0.1): it completes with
 * notFound, and memory stays within maxSize plus one read while the peer goes on sending.
 *
 * What is measured (heap figures need --expose-gc, which jest does not give): the dynamic
 * buffer's `size()` and its ByteVector's `length` and `capacity` (at most maxSize), and what the
 * adapter holds: the socket's `readableLength` (Node's queue, which the adapter pulls from only
 * while a read is pending), sampled for 300 ms after notFound. It stays within the socket's
 * `readableHighWaterMark` plus one socket read (64 KiB), and does not grow: the peer's writes
 * back up instead (its `writableLength` grows), which is the backpressure. The adapter's own
 * leftover (part of one chunk already taken from that queue) is private; at most one chunk.
 */
import { errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncReadUntil, ByteVector, dynamicBuffer, fromDuplex } from '@asio-ts/io';
import { withPeer } from './tcp-peer.js';

const oneRead = 64 * 1024;

const readUntil = (...args: Parameters<typeof asyncReadUntil>): Promise<[SystemError | null, number]> =>
  new Promise((resolve) => asyncReadUntil(args[0], args[1], args[2], (err, n) => resolve([err, n])));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test.each([1000, 100_000, 1_000_000])('maxSize %d: notFound, the buffer within maxSize, the adapter within a high-water mark plus one read, not growing', async (maxSize) => {
  let stop = false;
  let peerBacklog = 0;
  await withPeer(
    async (peer) => {
      const chunk = Buffer.alloc(4096, 'a');
      // Keep sending (up to 32 MiB) until the test is done; writes back up once nobody reads.
      const drainedOrClosed = (): Promise<unknown> => new Promise((r) => (peer.once('drain', r), peer.once('close', r)));
      for (let i = 0; i < 8192 && !stop && !peer.destroyed; i++) {
        if (!peer.write(chunk)) {
          peerBacklog = peer.writableLength;
          await drainedOrClosed();
        }
      }
    },
    async (client) => {
      const s = fromDuplex(client);
      const vec = new ByteVector();
      const buf = dynamicBuffer(vec, maxSize);
      const [err, n] = await readUntil(s, buf, '\r\n');
      expect(errorIs(err, errors.notFound)).toBe(true);
      expect(n).toBe(0);
      // The bytes read are kept (nothing read is lost), exactly up to maxSize.
      expect(buf.size()).toBe(maxSize);
      expect(buf.data().every((b) => b === 0x61)).toBe(true);
      const bound = client.readableHighWaterMark + oneRead;
      let maxHeld = 0;
      for (let i = 0; i < 30; i++) {
        await sleep(10);
        maxHeld = Math.max(maxHeld, client.readableLength);
        expect(buf.size()).toBe(maxSize);
        expect(vec.length).toBe(maxSize);
        // The vector's storage grows by doubling, so it may pass maxSize, by less than one read.
        expect(vec.capacity).toBeLessThanOrEqual(maxSize + oneRead);
      }
      stop = true;
      expect(maxHeld).toBeLessThanOrEqual(bound);
      // The peer was held back: its own queue filled instead of ours.
      expect(peerBacklog).toBeGreaterThan(0);
      console.log(`[read-max-size-bound] maxSize=${maxSize} buffer=${buf.size()} capacity=${vec.capacity} adapterQueueMax=${maxHeld} (bound ${bound}) peerBacklog=${peerBacklog}`);
    },
  );
}, 20_000);
