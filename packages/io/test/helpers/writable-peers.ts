// TCP peers and probes shared by the fromWritable tests: a hashing peer on 127.0.0.1, the
// listener counts of a stream, a buffer cut in pieces.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as net from 'node:net';

export interface Received {
  bytes: number;
  hash: string;
}

/**
 * A TCP peer on 127.0.0.1 that sha256-hashes everything it receives. `onConnection` may pause,
 * reset, ... the server side socket; `received` resolves at the end of the stream.
 */
export async function hashingPeer(onConnection?: (s: net.Socket) => void) {
  let accept!: (s: net.Socket) => void;
  const accepted = new Promise<net.Socket>((r) => (accept = r));
  let finish!: (r: Received) => void;
  const received = new Promise<Received>((r) => (finish = r));
  const server = net.createServer((s) => {
    const hash = createHash('sha256');
    let bytes = 0;
    s.on('data', (d: Buffer) => {
      bytes += d.length;
      hash.update(d);
    });
    s.on('error', () => {});
    s.on('close', () => finish({ bytes, hash: hash.digest('hex') }));
    onConnection?.(s);
    accept(s);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const peer = await accepted;
  return {
    client,
    peer,
    received,
    async close(): Promise<void> {
      client.destroy();
      peer.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

export const events = ['error', 'close', 'drain', 'finish', 'end'] as const;

export function listenerCounts(w: NodeJS.EventEmitter): number[] {
  return events.map((e) => w.listenerCount(e));
}

/** `counts` with the one 'close' listener an adapter keeps between writes. */
export function withAdapterListeners(counts: number[]): number[] {
  return counts.map((n, i) => (events[i] === 'close' ? n + 1 : n));
}

/** `data` cut into pieces of varying sizes (some empty). */
export function pieces(data: Uint8Array, seed = 7): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  let x = seed;
  while (at < data.length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const n = x % 9000;
    out.push(data.subarray(at, Math.min(data.length, at + n)));
    at += n;
  }
  return out;
}
