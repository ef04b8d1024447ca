/**
 * tcp.Acceptor where Node binds only a tick later (no synchronous listen step): listening still
 * works, and a bind failure reaches the accepts.
 */
import * as net from 'node:net';
import { asTuple, errorIs, useFuture } from '@asio-ts/core';
import { netErrors, tcp } from '@asio-ts/net';
import { turn, withContext } from '../helpers/node-peer.js';
import { connectClient, loopback } from '../helpers/acceptor-clients.js';

describe('where Node binds only a tick later (no synchronous listen step)', () => {
  // Node's own listen() calls `_listen2`, so it cannot simply be removed: the acceptor's servers
  // hide it from the acceptor's first look only, as if Node had renamed it.
  // The module object itself (the `import * as` namespace is read-only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeNet = require('node:net') as typeof net;
  const realCreateServer = nodeNet.createServer;
  const setup = (net.Server.prototype as unknown as { _listen2: unknown })._listen2;
  beforeEach(() => {
    jest.spyOn(nodeNet, 'createServer').mockImplementation(((...args: Parameters<typeof net.createServer>) => {
      const server = realCreateServer(...args);
      let looks = 0;
      Object.defineProperty(server, '_listen2', { configurable: true, get: () => (looks++ === 0 ? undefined : setup) });
      return server;
    }) as typeof net.createServer);
  });
  afterEach(() => jest.restoreAllMocks());

  test('listening works; the real port shows once Node bound', () =>
    withContext(async (ioc) => {
      const acceptor = new tcp.Acceptor(ioc, loopback());
      try {
        expect(acceptor.localEndpoint().port).toBe(0);
        const accepted = acceptor.asyncAccept(useFuture);
        for (let i = 0; i < 100 && acceptor.localEndpoint().port === 0; i++) await turn();
        expect(acceptor.localEndpoint().port).toBeGreaterThan(0);
        const client = await connectClient(acceptor.localEndpoint().port);
        const socket = await accepted;
        expect(socket.remoteEndpoint().port).toBe(client.localPort);
        socket.close();
        client.destroy();
      } finally {
        acceptor.close();
      }
    }));

  test('a bind failure reaches the pending and later accepts', () =>
    withContext(async (ioc) => {
      jest.restoreAllMocks();
      const first = new tcp.Acceptor(ioc, loopback());
      jest.spyOn(nodeNet, 'createServer').mockImplementation(((...args: Parameters<typeof net.createServer>) => {
        const server = realCreateServer(...args);
        let looks = 0;
        Object.defineProperty(server, '_listen2', { configurable: true, get: () => (looks++ === 0 ? undefined : setup) });
        return server;
      }) as typeof net.createServer);
      const second = new tcp.Acceptor(ioc, first.localEndpoint());
      try {
        const [err] = await second.asyncAccept(asTuple(useFuture));
        expect(errorIs(err, netErrors.addressInUse)).toBe(true);
        const [again] = await second.asyncAccept(asTuple(useFuture));
        expect(errorIs(again, netErrors.addressInUse)).toBe(true);
      } finally {
        first.close();
        second.close();
      }
    }));
});
