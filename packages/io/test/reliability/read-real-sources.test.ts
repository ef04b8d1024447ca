/**
 * The composed reads (`asyncRead`, `asyncReadUntil`) over `fromDuplex(net.Socket)` against a
 * local TCP peer (a Node net server in this process, 127.0.0.1 only), each bounded in time:
 *
 * 1. 64 MiB in random chunk sizes, read with `asyncRead(s, buf, transferExactly(n))` in a loop
 *    of random `n`: the SHA-256 of what was read is the peer's.
 * 2. (64 MiB of random lines read with `asyncReadUntil`: read-real-lines.test.ts.)
 * 3. A peer that resets mid-read: `asyncRead` completes with connectionReset and its byte count
 *    is exactly what arrived (the buffer holds exactly those bytes).
 * 4. (A peer that never sends the delimiter, and the memory bound: read-max-size-bound.test.ts.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncRead, fromDuplex, transferExactly } from '@asio-ts/io';
import { seed } from '../../../core/test/reliability/fc-config.js';
import { rng, sendAll, withPeer } from './tcp-peer.js';

const MiB = 1 << 20;

const read = (...args: Parameters<typeof asyncRead>): Promise<[SystemError | null, number]> =>
  new Promise((resolve) => (asyncRead as (...a: unknown[]) => void)(...args, (err: SystemError | null, n: number) => resolve([err, n])));

test('64 MiB in random chunk sizes, read with asyncRead(transferExactly(n)) in a loop: the SHA-256 is the peer\'s', async () => {
  const total = 64 * MiB;
  const source = randomBytes(total);
  const peerHash = createHash('sha256').update(source).digest('hex');
  const next = rng(seed);
  function* chunks(): Generator<Uint8Array> {
    for (let at = 0; at < total; ) {
      const n = Math.min(next(1, 256 * 1024), total - at);
      yield source.subarray(at, at + n);
      at += n;
    }
  }
  await withPeer(
    async (peer) => {
      await sendAll(peer, chunks());
      peer.end();
    },
    async (client) => {
      const s = fromDuplex(client);
      const hash = createHash('sha256');
      const buf = new Uint8Array(512 * 1024);
      const sizes = rng(seed + 7);
      let got = 0;
      for (;;) {
        const want = sizes(1, buf.length);
        const [err, n] = await read(s, buf, transferExactly(want));
        hash.update(buf.subarray(0, n));
        got += n;
        if (err !== null) {
          expect(errorIs(err, errors.eof)).toBe(true);
          expect(n).toBeLessThan(want);
          break;
        }
        expect(n).toBe(want);
      }
      expect(got).toBe(total);
      expect(hash.digest('hex')).toBe(peerHash);
    },
  );
}, 60_000);

test('a peer that resets mid-read: asyncRead completes with connectionReset and the byte count is exact', async () => {
  const sent = 3 * MiB + 12345;
  const source = randomBytes(sent);
  const marker = source.subarray(sent - 16);
  let arrived!: () => void;
  const allArrived = new Promise<void>((r) => (arrived = r));
  await withPeer(
    async (peer) => {
      await sendAll(peer, [source]);
      await allArrived; // the reader saw the last byte arrive: now reset while it waits for more
      peer.resetAndDestroy();
    },
    async (client) => {
      const s = fromDuplex(client);
      const buf = new Uint8Array(sent + MiB);
      // The read's pieces land in `buf` as they arrive: watch for the last 16 bytes sent.
      const watch = setInterval(() => {
        if (Buffer.from(buf.subarray(sent - 16, sent)).equals(marker)) {
          clearInterval(watch);
          arrived();
        }
      }, 2);
      try {
        const [err, n] = await read(s, buf, transferExactly(buf.length));
        expect(errorIs(err, errors.connectionReset)).toBe(true);
        expect(n).toBe(sent);
        expect(Buffer.from(buf.subarray(0, n)).equals(source)).toBe(true);
        expect(buf.subarray(n).every((b) => b === 0)).toBe(true);
      } finally {
        clearInterval(watch);
      }
    },
  );
}, 20_000);
