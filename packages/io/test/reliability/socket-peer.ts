// A TCP peer on 127.0.0.1 for the real-socket fault tests, the record of what it received, and the
// figures those tests report.
import { once } from 'node:events';
import * as net from 'node:net';
import { SystemError, withAssociationsOf, type Executor } from '@asio-ts/core';
import {
  asyncWrite,
  bufferSize,
  type AsyncWriteStream,
  type ConstBufferSequence,
  type WriteHandler,
} from '@asio-ts/io';

export const figures = {
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

export function account(reported: number, received: number): void {
  figures.bytesReported += reported;
  figures.bytesReceivedByPeers += received;
  figures.maxReportedButLost = Math.max(figures.maxReportedButLost, reported - received);
  figures.maxReceivedBeyondReported = Math.max(figures.maxReceivedBeyondReported, received - reported);
}

export interface ChunkRecord {
  readonly offered: number;
  err?: unknown;
  n?: number;
}

/** Wraps an AsyncWriteStream and records what each asyncWriteSome was offered and reported. */
export class Recorder implements AsyncWriteStream {
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

export interface Peer {
  readonly client: net.Socket;
  readonly server: net.Server;
  readonly socket: net.Socket;
  /** Everything the peer read so far. */
  readonly chunks: Buffer[];
  bytes: number;
  /** Resolves when the peer's socket closed. */
  readonly closed: Promise<void>;
}

export async function connectPeer(onData?: (peer: Peer, d: Buffer) => void, onAccept?: (s: net.Socket) => void): Promise<Peer> {
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

export async function shutdown(peer: Peer): Promise<void> {
  peer.client.destroy();
  peer.socket.destroy();
  await new Promise<void>((r) => peer.server.close(() => r()));
}

export function isPrefix(received: readonly Buffer[], source: Uint8Array): boolean {
  let at = 0;
  for (const c of received) {
    if (at + c.length > source.length) return false;
    if (Buffer.compare(c, Buffer.from(source.buffer, source.byteOffset + at, c.length)) !== 0) return false;
    at += c.length;
  }
  return true;
}

export function layout(source: Uint8Array, cuts: readonly number[]): Uint8Array | Uint8Array[] {
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

export function writeOnce(stream: AsyncWriteStream, buffers: ConstBufferSequence, token: (t: WriteHandler) => unknown = (h) => h) {
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

export const big = 32 * 1024 * 1024;
