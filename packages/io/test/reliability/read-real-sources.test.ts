/**
 * The composed reads (`asyncRead`, `asyncReadUntil`) over `fromDuplex(net.Socket)` against a
 * local TCP peer (a Node net server in this process, 127.0.0.1 only), each bounded in time:
 *
 * 1. 64 MiB in random chunk sizes, read with `asyncRead(s, buf, transferExactly(n))` in a loop
 *    of random `n`: the SHA-256 of what was read is the peer's.
 * 2. Random lines in random chunk sizes, read with `asyncReadUntil(s, buf, '\n')` line by line:
 *    every line is the one the peer sent (regenerated from the same seed), and the SHA-256 over
 *    the lines is the peer's.
 * 3. A peer that resets mid-read: `asyncRead` completes with connectionReset and its byte count
 *    is exactly what arrived (the buffer holds exactly those bytes).
 * 4. A peer that never sends the delimiter: with a `maxSize`, `asyncReadUntil` completes with
 *    notFound and the buffer stays within `maxSize`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncRead, asyncReadUntil, ByteVector, dynamicBuffer, fromDuplex, transferExactly } from '@asio-ts/io';
import { seed } from '../../../core/test/reliability/fc-config.js';

const MiB = 1 << 20;

/** A small seeded generator (xorshift32): the random sizes repeat with FC_SEED. */
function rng(s: number): (lo: number, hi: number) => number {
  let x = s >>> 0 || 1;
  return (lo, hi) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return lo + (x % (hi - lo + 1));
  };
}

/** Write `chunks` to `socket` honouring backpressure; resolves once all are handed to it. */
async function sendAll(socket: Socket, chunks: Iterable<Uint8Array>): Promise<void> {
  for (const c of chunks) if (!socket.write(c)) await once(socket, 'drain');
}

/** A peer on 127.0.0.1 running `serve` for its one connection, and a client socket to it. */
async function withPeer<R>(serve: (peer: Socket) => Promise<void>, body: (client: Socket, served: Promise<void>) => Promise<R>): Promise<R> {
  let served!: Promise<void>;
  const server: Server = createServer((peer) => {
    peer.on('error', () => {});
    served = serve(peer);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  client.on('error', () => {}); // a reset is also an 'error' event: the reads report it
  while (served === undefined) await new Promise((r) => setImmediate(r));
  try {
    return await body(client, served);
  } finally {
    client.destroy();
    server.close();
  }
}

const read = (...args: Parameters<typeof asyncRead>): Promise<[SystemError | null, number]> =>
  new Promise((resolve) => (asyncRead as (...a: unknown[]) => void)(...args, (err: SystemError | null, n: number) => resolve([err, n])));
const readUntil = (...args: Parameters<typeof asyncReadUntil>): Promise<[SystemError | null, number]> =>
  new Promise((resolve) => asyncReadUntil(args[0], args[1], args[2], (err, n) => resolve([err, n])));

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

test('random lines in random chunk sizes, read with asyncReadUntil line by line: every line is the one sent', async () => {
  const count = 100_000;
  // Any byte but '\n', 0 to 300 of them.
  const line = (next: (lo: number, hi: number) => number): Buffer =>
    Buffer.from(randomBytes(next(0, 300)).map((b) => (b === 0x0a ? 0x0b : b)));
  const gen = rng(seed + 1);
  const lines: Buffer[] = [];
  for (let i = 0; i < count; i++) lines.push(line(gen));
  const stream = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
  const peerHash = createHash('sha256');
  for (const l of lines) peerHash.update(l).update('\n');
  const cut = rng(seed + 2);
  function* chunks(): Generator<Uint8Array> {
    for (let at = 0; at < stream.length; ) {
      const n = Math.min(cut(1, 64 * 1024), stream.length - at);
      yield stream.subarray(at, at + n);
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
      const vec = new ByteVector();
      const buf = dynamicBuffer(vec, 1024);
      const hash = createHash('sha256');
      for (let i = 0; i < count; i++) {
        const [err, n] = await readUntil(s, buf, '\n');
        if (err !== null) throw new Error(`line ${i}: ${err.code}`);
        const got = buf.data().subarray(0, n);
        if (!Buffer.from(got.subarray(0, n - 1)).equals(lines[i]!)) throw new Error(`line ${i} differs`);
        hash.update(got);
        buf.consume(n);
      }
      const [err, n] = await readUntil(s, buf, '\n');
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(0);
      expect(buf.size()).toBe(0);
      expect(hash.digest('hex')).toBe(peerHash.digest('hex'));
    },
  );
}, 20_000);

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

test('a peer that never sends the delimiter: with a maxSize, asyncReadUntil completes with notFound within maxSize', async () => {
  const maxSize = 100_000;
  let stop = false;
  await withPeer(
    async (peer) => {
      const chunk = Buffer.alloc(4096, 'a');
      // Keep sending (up to 8 MiB) until the reader has given up.
      // The reader closes with data unread, so the peer's writes end in a reset: not an error here.
      const drainedOrClosed = (): Promise<unknown> => new Promise((r) => (peer.once('drain', r), peer.once('close', r)));
      for (let i = 0; i < 2048 && !stop && !peer.destroyed; i++) if (!peer.write(chunk)) await drainedOrClosed();
    },
    async (client) => {
      const s = fromDuplex(client);
      const vec = new ByteVector();
      const buf = dynamicBuffer(vec, maxSize);
      const [err, n] = await readUntil(s, buf, '\r\n');
      stop = true;
      expect(errorIs(err, errors.notFound)).toBe(true);
      expect(n).toBe(0);
      expect(buf.size()).toBeLessThanOrEqual(maxSize);
      expect(buf.size()).toBeGreaterThan(0);
      expect(vec.length).toBeLessThanOrEqual(maxSize);
      expect(buf.data().every((b) => b === 0x61)).toBe(true);
    },
  );
}, 20_000);
