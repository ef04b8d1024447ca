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
import { getEventListeners, once } from 'node:events';
import * as net from 'node:net';
import fc from 'fast-check';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  withAssociationsOf,
  type Executor,
} from '@asio-ts/core';
import {
  asyncWrite,
  bufferSize,
  fromWritable,
  type AsyncWriteStream,
  type ConstBufferSequence,
  type WriteHandler,
} from '@asio-ts/io';
import { reportFigures, seed } from '../../../core/test/reliability/fc-config.js';

const figures = {
  connections: 0,
  resets: 0,
  resetWritesFailed: 0,
  resetWritesSucceeded: 0,
  /** Largest count of bytes reported written that the peer never got (kernel buffers lost to a reset or a destroy). */
  maxReportedButLost: 0,
  /** Largest count of bytes the peer got beyond what was reported (the unconfirmed chunk in flight). */
  maxReceivedBeyondReported: 0,
  cancellations: 0,
  bytesReported: 0,
  bytesReceivedByPeers: 0,
  boundViolations: 0,
};

function account(reported: number, received: number): void {
  figures.bytesReported += reported;
  figures.bytesReceivedByPeers += received;
  figures.maxReportedButLost = Math.max(figures.maxReportedButLost, reported - received);
  figures.maxReceivedBeyondReported = Math.max(figures.maxReceivedBeyondReported, received - reported);
}
afterAll(() => reportFigures('real-sockets', figures));

interface ChunkRecord {
  readonly offered: number;
  err?: unknown;
  n?: number;
}

/** Wraps an AsyncWriteStream and records what each asyncWriteSome was offered and reported. */
class Recorder implements AsyncWriteStream {
  readonly chunks: ChunkRecord[] = [];
  constructor(readonly inner: AsyncWriteStream) {}
  getExecutor(): Executor {
    return this.inner.getExecutor();
  }
  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const rec: ChunkRecord = { offered: bufferSize(buffers) };
    this.chunks.push(rec);
    const wrapped = withAssociationsOf(((err, n) => {
      rec.err = err;
      rec.n = n;
      handler(err, n);
    }) as WriteHandler, handler);
    this.inner.asyncWriteSome(buffers, wrapped);
  }
  /** Bytes handed to the socket and not confirmed when the last chunk completed. */
  inFlightAtEnd(): number {
    const last = this.chunks[this.chunks.length - 1];
    return last === undefined ? 0 : last.offered - (last.n ?? 0);
  }
}

interface Peer {
  readonly client: net.Socket;
  readonly server: net.Server;
  readonly socket: net.Socket;
  /** Everything the peer read so far. */
  readonly chunks: Buffer[];
  bytes: number;
  /** Resolves when the peer's socket closed. */
  readonly closed: Promise<void>;
}

async function connectPeer(onData?: (peer: Peer, d: Buffer) => void, onAccept?: (s: net.Socket) => void): Promise<Peer> {
  let accept!: (s: net.Socket) => void;
  const accepted = new Promise<net.Socket>((r) => (accept = r));
  const server = net.createServer((s) => {
    s.on('error', () => {});
    onAccept?.(s);
    accept(s);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  client.on('error', () => {});
  await once(client, 'connect');
  const socket = await accepted;
  figures.connections++;
  let closed!: () => void;
  const peer: Peer = { client, server, socket, chunks: [], bytes: 0, closed: new Promise<void>((r) => (closed = r)) };
  socket.on('data', (d: Buffer) => {
    peer.chunks.push(d);
    peer.bytes += d.length;
    onData?.(peer, d);
  });
  socket.on('close', () => closed());
  return peer;
}

async function shutdown(peer: Peer): Promise<void> {
  peer.client.destroy();
  peer.socket.destroy();
  await new Promise<void>((r) => peer.server.close(() => r()));
}

function isPrefix(received: readonly Buffer[], source: Uint8Array): boolean {
  let at = 0;
  for (const c of received) {
    if (at + c.length > source.length) return false;
    if (Buffer.compare(c, Buffer.from(source.buffer, source.byteOffset + at, c.length)) !== 0) return false;
    at += c.length;
  }
  return true;
}

function layout(source: Uint8Array, cuts: readonly number[]): Uint8Array | Uint8Array[] {
  if (cuts.length === 0) return source;
  const points = [...new Set(cuts.map((c) => c % (source.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(source.subarray(prev, p));
    prev = p;
  }
  parts.push(source.subarray(prev));
  return parts;
}

function writeOnce(stream: AsyncWriteStream, buffers: ConstBufferSequence, token: (t: WriteHandler) => unknown = (h) => h) {
  return new Promise<{ err: SystemError | null; n: number; calls: number }>((resolve) => {
    let calls = 0;
    let result: { err: SystemError | null; n: number } | null = null;
    asyncWrite(stream, buffers, token(((err, n) => {
      calls++;
      result = { err, n };
      // Resolve a turn later, so a second call would be seen.
      setImmediate(() => resolve({ ...result!, calls }));
    }) as WriteHandler) as WriteHandler);
  });
}

const big = 32 * 1024 * 1024;

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
