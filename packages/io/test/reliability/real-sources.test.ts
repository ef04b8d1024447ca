/**
 * The read adapters against real sources, each bounded in time, all traffic on 127.0.0.1:
 *
 * 1. A TCP peer (a Python 3 socket, test/helpers/tcp-peer.py) sends 16-64 MiB in random chunk
 *    sizes; `fromDuplex(net.Socket)` reads it with `asyncReadSome` into random buffer sizes, and
 *    the SHA-256 of what was read is the peer's.
 * 2. Backpressure: a slow reader keeps the socket paused (`readableFlowing` false) with at most
 *    its highWaterMark plus one socket read buffered, and the peer's sends wait in the kernel
 *    instead of piling up in memory.
 * 3. A peer that resets the connection mid-read: the pending read fails with connectionReset and
 *    the bytes read before it are exactly the bytes sent.
 * (Files and WHATWG streams are in real-sources-files.test.ts.)
 * 4. Cancellation mixed into all of these: reads cancelled at random while data flows, and the
 *    bytes of the reads that did complete still hash to the source's: none lost.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import { errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncWrite, fromDuplex } from '@asio-ts/io';
import { reportFigures, seed } from '../../../core/test/reliability/fc-config.js';
import { MiB, figures, rng, drain } from './real-source-drain.js';

const peerScript = join(__dirname, '..', 'helpers', 'tcp-peer.py');

const havePython = spawnSync('python3', ['--version']).status === 0;

if (!havePython && !process.env.CI) console.warn('real-sources.test.ts: the TCP peer tests are skipped, no python3 (under CI they fail)');

const peerTest = havePython || process.env.CI ? test : test.skip;

afterAll(() => reportFigures('real-sources', figures));

interface Peer {
  readonly port: number;
  /** Resolves with the rest of the first line starting with `prefix`. */
  line(prefix: string): Promise<string>;
  /** The last "SENT n" the peer printed. */
  sent(): number;
  readonly exited: Promise<number | null>;
  kill(): void;
}

async function startPeer(...args: (string | number)[]): Promise<Peer> {
  const child: ChildProcessWithoutNullStreams = spawn('python3', [peerScript, ...args.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let sent = 0;
  let buffered = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    let i;
    while ((i = buffered.indexOf('\n')) >= 0) {
      const l = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      if (l.startsWith('SENT ')) sent = Number(l.slice(5));
      lines.push(l);
    }
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (prefix: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const look = (): void => {
        const l = lines.find((x) => x.startsWith(prefix));
        if (l !== undefined) return resolve(l.slice(prefix.length));
        if (child.exitCode !== null) return reject(new Error(`the peer exited (${child.exitCode}) without "${prefix}": ${stderr}`));
        waiters.push(look);
      };
      look();
      child.on('exit', look);
    });
  const port = Number(await line('PORT '));
  return { port, line, sent: () => sent, exited, kill: () => child.kill('SIGKILL') };
}

async function connect(port: number): Promise<Socket> {
  const socket = createConnection(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

describe('a TCP peer read through fromDuplex(net.Socket)', () => {
  peerTest(
    '16-64 MiB in random chunk sizes, read into random buffer sizes: the SHA-256 is the peer\'s',
    async () => {
      const next = rng(seed);
      const total = 16 * MiB + next(0, 48 * MiB);
      const peer = await startPeer('send', total, seed, 256 * 1024);
      const socket = await connect(peer.port);
      try {
        const s = fromDuplex(socket);
        const r = await drain(s, next, 128 * 1024);
        expect(errorIs(r.err, errors.eof)).toBe(true);
        expect(r.bytes).toBe(total);
        expect(r.hash).toBe(await peer.line('SHA256 '));
        figures.tcpBytes += r.bytes;
        figures.tcpReads += r.reads;
      } finally {
        socket.destroy();
        peer.kill();
      }
    },
    60_000,
  );

  peerTest(
    'backpressure: a slow reader keeps the socket paused and bounded; the peer\'s sends wait instead of piling up',
    async () => {
      const total = 64 * MiB;
      const peer = await startPeer('send', total, seed + 1, 64 * 1024);
      const socket = await connect(peer.port);
      try {
        const s = fromDuplex(socket);
        const hash = createHash('sha256');
        let read = 0;
        let maxLength = 0;
        const bound = socket.readableHighWaterMark + 64 * 1024;
        // About a second of slow reading: 4 KiB every 5 ms.
        for (let i = 0; i < 200; i++) {
          const buf = new Uint8Array(4096);
          const n = await new Promise<number>((resolve, reject) => s.asyncReadSome(buf, (err, k) => (err ? reject(err) : resolve(k))));
          hash.update(buf.subarray(0, n));
          read += n;
          await new Promise((r) => setTimeout(r, 5));
          expect(socket.readableFlowing).toBe(false);
          maxLength = Math.max(maxLength, socket.readableLength);
          expect(socket.readableLength).toBeLessThanOrEqual(bound);
        }
        // Loopback moves gigabytes a second: unpaced, the peer would have sent everything by now.
        const ahead = peer.sent() - read;
        expect(peer.sent()).toBeLessThan(total / 2);
        expect(ahead).toBeLessThan(16 * MiB);
        figures.slowReaderMaxReadableLength = Math.max(figures.slowReaderMaxReadableLength, maxLength);
        figures.slowReaderHighWaterMark = socket.readableHighWaterMark;
        figures.slowReaderPeerSentAhead = Math.max(figures.slowReaderPeerSentAhead, ahead);
        // Then the rest at full speed: every byte arrives, in order.
        const next = rng(seed + 2);
        const hashRest = hash;
        let rest = 0;
        await new Promise<void>((resolve, reject) => {
          const step = (): void => {
            const buf = new Uint8Array(next(1, 65536));
            s.asyncReadSome(buf, (err, n) => {
              hashRest.update(buf.subarray(0, n));
              rest += n;
              if (err === null) return step();
              if (errorIs(err, errors.eof)) resolve();
              else reject(err);
            });
          };
          step();
        });
        expect(read + rest).toBe(total);
        expect(hashRest.digest('hex')).toBe(await peer.line('SHA256 '));
      } finally {
        socket.destroy();
        peer.kill();
      }
    },
    60_000,
  );

  peerTest(
    'a peer that resets mid-read: the pending read fails with connectionReset; the bytes read are exactly the bytes sent',
    async () => {
      const next = rng(seed + 3);
      const total = MiB + next(0, MiB);
      const peer = await startPeer('reset', total, seed + 3);
      const socket = await connect(peer.port);
      try {
        const s = fromDuplex(socket);
        const got = await drain(s, next, 64 * 1024, 0, total);
        expect(got.err).toBeNull();
        expect(got.bytes).toBe(total);
        expect(got.hash).toBe(await peer.line('SHA256 '));
        // Tell the peer everything arrived; it resets while this read waits.
        const pending = new Promise<[SystemError | null, number]>((resolve) => s.asyncReadSome(new Uint8Array(1024), (err, n) => resolve([err, n])));
        expect(await asyncWrite(s, Uint8Array.of(1))).toBe(1);
        const [err, n] = await pending;
        expect(errorIs(err, errors.connectionReset)).toBe(true);
        expect(n).toBe(0);
        // Both sides see it.
        const [again] = await new Promise<[SystemError | null, number]>((resolve) => s.asyncReadSome(new Uint8Array(1), (e, k) => resolve([e, k])));
        expect(errorIs(again, errors.connectionReset)).toBe(true);
        const [w] = await new Promise<[SystemError | null, number]>((resolve) => s.asyncWriteSome(Uint8Array.of(2), (e, k) => resolve([e, k])));
        expect(w).not.toBeNull();
        figures.resetBytes += got.bytes;
        await peer.exited;
      } finally {
        socket.destroy();
        peer.kill();
      }
    },
    60_000,
  );

  peerTest(
    'cancelled reads mixed into a live transfer lose nothing: the completed reads hash to the peer\'s bytes',
    async () => {
      const next = rng(seed + 4);
      const total = 8 * MiB + next(0, 8 * MiB);
      const peer = await startPeer('send', total, seed + 4, 128 * 1024);
      const socket = await connect(peer.port);
      try {
        const r = await drain(fromDuplex(socket), next, 64 * 1024, 4);
        expect(errorIs(r.err, errors.eof)).toBe(true);
        expect(r.bytes).toBe(total);
        expect(r.hash).toBe(await peer.line('SHA256 '));
        expect(r.cancelled).toBeGreaterThan(0);
        figures.cancelledReads += r.cancelled;
        figures.readsAfterCancel += r.reads;
      } finally {
        socket.destroy();
        peer.kill();
      }
    },
    60_000,
  );
});
