/**
 * Node's own `net` as the other end of a tcp.Socket under test, on 127.0.0.1 (or ::1): a peer
 * the test drives byte by byte (write, end, reset, stop reading).
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { IoContext, makeWorkGuard, useFuture } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';

export interface Pair {
  /** The tcp.Socket under test, connected. */
  readonly socket: tcp.Socket;
  /** The raw Node socket at the other end. */
  readonly peer: net.Socket;
  /** Close both ends and the listener. */
  close(): void;
}

/** A tcp.Socket connected (with asyncConnect) to a net.Server's accepted socket; `ioc` must be running (`withContext`). */
export async function connectedPair(ioc: IoContext, host = '127.0.0.1'): Promise<Pair> {
  const server = net.createServer({ allowHalfOpen: true });
  server.listen(0, host);
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const accepted = once(server, 'connection') as Promise<[net.Socket]>;
  const socket = new tcp.Socket(ioc);
  await socket.asyncConnect(new tcp.Endpoint(host, port), useFuture);
  const [peer] = await accepted;
  peer.on('error', () => {});
  return {
    socket,
    peer,
    close() {
      socket.close();
      peer.destroy();
      server.close();
    },
  };
}

/** A free port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  return port;
}

/** Everything `peer` sends until it ends, as one Buffer. */
export async function readAll(peer: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  peer.on('data', (c: Buffer) => chunks.push(c));
  if (!peer.readableEnded) await once(peer, 'end');
  return Buffer.concat(chunks);
}

/** Resolves after `ms` milliseconds (a real timer: the sockets make progress meanwhile). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Let pending I/O callbacks and queued handlers run. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** True when ::1 can be bound on this host. */
export async function hasIpv6Loopback(): Promise<boolean> {
  const server = net.createServer();
  try {
    server.listen(0, '::1');
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/**
 * Run `body` with an IoContext that is running throughout (a work guard keeps it so), then let
 * it run out of work: the returned promise rejects if work is still outstanding `drainMs` after
 * the body finished, which is how a test sees an operation that never gave its work back.
 */
export async function withContext<T>(body: (ioc: IoContext) => Promise<T>, drainMs = 2000): Promise<T> {
  const ioc = new IoContext();
  const guard = makeWorkGuard(ioc);
  const running = ioc.run();
  let result: T;
  try {
    result = await body(ioc);
  } finally {
    guard.reset();
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drained = await Promise.race([
    running.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), drainMs))),
  ]);
  clearTimeout(timer);
  if (!drained) throw new Error(`the IoContext still had work ${drainMs} ms after the test body: an operation kept its work`);
  return result;
}
