/**
 * An accept that Node reports failed (its server's 'error' while listening: `accept ENOBUFS`,
 * `ENOMEM`, `EPERM` from a firewall; libuv passes these through) reaches an accept as a
 * SystemError, as Asio's failed `accept` does: the pending one, or, with none pending, the one
 * that reaches it in line behind the connections Node accepted before it. The acceptor goes on
 * accepting. The failure is emitted on the real net.Server the acceptor listens with (no host
 * gives these errno values on demand); the connections are real.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { errorIs, errors, useFuture } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { withContext } from '../helpers/node-peer.js';
import { connectClient, loopback } from '../helpers/acceptor-clients.js';
import { withUnderlying } from '../helpers/underlying.js';

/** An acceptor on 127.0.0.1 and the net.Server under it (the one its 'connection' listener went on). */
async function listening(ioc: Parameters<Parameters<typeof withContext>[0]>[0]): Promise<{ acceptor: tcp.Acceptor; server: net.Server }> {
  const [acceptor, server] = await withUnderlying<tcp.Acceptor, net.Server>(net.Server, 'connection', () => new tcp.Acceptor(ioc, loopback()));
  return { acceptor, server };
}

// What Node's net.Server emits when libuv's accept fails (lib/net.js, onconnection).
const acceptFailure = (code: string, errno: number): Error => Object.assign(new Error(`accept ${code}`), { code, errno, syscall: 'accept' });

const clients: net.Socket[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

async function connected(acceptor: tcp.Acceptor, server: net.Server): Promise<net.Socket> {
  const arrived = once(server, 'connection');
  const client = await connectClient(acceptor.localEndpoint().port);
  clients.push(client);
  await arrived;
  return client;
}

test('a pending accept completes with the failure, as a SystemError with the Node error as cause; the next accept takes the next connection', () =>
  withContext(async (ioc) => {
    const { acceptor, server } = await listening(ioc);
    try {
      const failure = acceptFailure('ENOBUFS', -105);
      const first = new Promise<[unknown, tcp.Socket]>((resolve) => acceptor.asyncAccept((err, socket) => resolve([err, socket])));
      server.emit('error', failure);
      const [err, socket] = await first;
      expect(errorIs(err, errors.noBufferSpace)).toBe(true);
      expect((err as Error).cause).toBe(failure);
      expect(socket.isOpen()).toBe(false);
      expect(acceptor.isOpen()).toBe(true);
      const client = await connected(acceptor, server);
      const next = await acceptor.asyncAccept(useFuture);
      expect(next.remoteEndpoint().port).toBe(client.localPort);
      next.close();
    } finally {
      acceptor.close();
    }
  }));

test('with no accept pending, the failure waits behind the connections that came before it; failures in a row are one', () =>
  withContext(async (ioc) => {
    const { acceptor, server } = await listening(ioc);
    try {
      const before = await connected(acceptor, server);
      server.emit('error', acceptFailure('ENOMEM', -12));
      server.emit('error', acceptFailure('ENOMEM', -12));
      const after = await connected(acceptor, server);
      const results: string[] = [];
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve) =>
          acceptor.asyncAccept((err, socket) => {
            results.push(err === null ? `port ${socket.remoteEndpoint().port}` : err.code);
            socket.close();
            resolve();
          }),
        );
      }
      expect(results).toEqual([`port ${before.localPort}`, 'ENOMEM', `port ${after.localPort}`]);
      // Nothing else waited: a fourth accept is pending until cancelled.
      const fourth = new Promise<unknown>((resolve) => acceptor.asyncAccept((err) => resolve(err)));
      await new Promise((r) => setTimeout(r, 50));
      acceptor.cancel();
      expect(errorIs(await fourth, errors.operationAborted)).toBe(true);
    } finally {
      acceptor.close();
    }
  }));

test('close() forgets a failure that waited in the queue: a reopened acceptor does not report it', () =>
  withContext(async (ioc) => {
    const { acceptor, server } = await listening(ioc);
    server.emit('error', acceptFailure('ENOBUFS', -105));
    acceptor.close();
    acceptor.open();
    acceptor.bind(loopback());
    acceptor.listen();
    try {
      const client = await connectClient(acceptor.localEndpoint().port);
      clients.push(client);
      const socket = await acceptor.asyncAccept(useFuture);
      expect(socket.remoteEndpoint().port).toBe(client.localPort);
      socket.close();
    } finally {
      acceptor.close();
    }
  }));
