/**
 * A local TCP peer for the real-socket read tests (a Node net server in this process, 127.0.0.1
 * only), and the seeded generator their random sizes come from.
 */
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A small seeded generator (xorshift32): the random sizes repeat with FC_SEED. */
export function rng(s: number): (lo: number, hi: number) => number {
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
export async function sendAll(socket: Socket, chunks: Iterable<Uint8Array>): Promise<void> {
  for (const c of chunks) if (!socket.write(c)) await once(socket, 'drain');
}

/** A peer on 127.0.0.1 running `serve` for its one connection, and a client socket to it. */
export async function withPeer<R>(serve: (peer: Socket) => Promise<void>, body: (client: Socket, served: Promise<void>) => Promise<R>): Promise<R> {
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
