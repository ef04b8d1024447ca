/**
 * `asyncReadUntil(s, buf, '\n')` line by line over `fromDuplex(net.Socket)` against a local TCP
 * peer (127.0.0.1): 64 MiB of random lines (0 to 300 bytes, any byte but '\n') sent in random
 * chunk sizes (1 byte to 64 KiB). Every line is the one the peer sent (the reader regenerates
 * them from the same seed, so neither side holds them all), and the SHA-256 over all lines is
 * the peer's.
 */
import { createHash } from 'node:crypto';
import { errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncReadUntil, ByteVector, dynamicBuffer, fromDuplex } from '@asio-ts/io';
import { seed } from '../../../core/test/reliability/fc-config.js';
import { rng, sendAll, withPeer } from './tcp-peer.js';

const total = 64 * (1 << 20);

const readUntil = (...args: Parameters<typeof asyncReadUntil>): Promise<[SystemError | null, number]> =>
  new Promise((resolve) => asyncReadUntil(args[0], args[1], args[2], (err, n) => resolve([err, n])));

/** The seeded lines, each with its '\n', until `total` bytes: the same sequence on both sides. */
function* lineSource(s: number): Generator<Uint8Array> {
  const next = rng(s);
  // The bytes: xorshift32, four per step (a cheap generator: the test's cost is the reads).
  let x = (s * 2654435761) >>> 0 || 1;
  for (let sent = 0; sent < total; ) {
    const line = new Uint8Array(next(0, 300) + 1);
    for (let i = 0; i < line.length - 1; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      for (let k = 0; k < 4 && i + k < line.length - 1; k++) {
        const b = (x >>> (8 * k)) & 0xff;
        line[i + k] = b === 0x0a ? 0x0b : b;
      }
    }
    line[line.length - 1] = 0x0a;
    sent += line.length;
    yield line;
  }
}

test('64 MiB of random lines in random chunk sizes, read with asyncReadUntil line by line: every line is the one sent, the SHA-256 is the peer\'s', async () => {
  const peerHash = createHash('sha256');
  const cut = rng(seed + 2);
  /** The peer's lines, cut into random chunks regardless of line ends. */
  function* chunks(): Generator<Uint8Array> {
    let pending: Uint8Array[] = [];
    let size = 0;
    let want = cut(1, 64 * 1024);
    for (const line of lineSource(seed + 1)) {
      peerHash.update(line);
      pending.push(line);
      size += line.length;
      while (size >= want) {
        const all = Buffer.concat(pending);
        yield all.subarray(0, want);
        pending = [all.subarray(want)];
        size -= want;
        want = cut(1, 64 * 1024);
      }
    }
    if (size > 0) yield Buffer.concat(pending);
  }
  let lines = 0;
  const started = Date.now();
  const cpu = process.cpuUsage();
  await withPeer(
    async (peer) => {
      await sendAll(peer, chunks());
      peer.end();
    },
    async (client) => {
      const s = fromDuplex(client);
      const buf = dynamicBuffer(new ByteVector(), 1024);
      const hash = createHash('sha256');
      for (const expected of lineSource(seed + 1)) {
        const [err, n] = await readUntil(s, buf, '\n');
        if (err !== null) throw new Error(`line ${lines}: ${err.code}`);
        const got = buf.data().subarray(0, n);
        if (!Buffer.from(got).equals(expected)) throw new Error(`line ${lines} differs`);
        hash.update(got);
        buf.consume(n);
        lines++;
      }
      const [err, n] = await readUntil(s, buf, '\n');
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(0);
      expect(buf.size()).toBe(0);
      expect(hash.digest('hex')).toBe(peerHash.digest('hex'));
    },
  );
  const used = process.cpuUsage(cpu);
  // CPU time does not depend on the machine's load as the wall time does.
  console.log(`[read-real-lines] ${lines} lines, ${total} bytes in ${Date.now() - started} ms, CPU ${Math.round((used.user + used.system) / 1000)} ms`);
}, 120_000);
