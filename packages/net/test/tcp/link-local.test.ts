/**
 * tcp over a link-local IPv6 address of this host: the zone is written as the interface index,
 * and Node is handed the interface name back at listen and connect.
 */
import { networkInterfaces } from 'node:os';
import { useFuture } from '@asio-ts/core';
import { asyncRead, asyncWrite } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';
import { withContext } from '../helpers/node-peer.js';
import { bytes, text } from '../helpers/probe.js';

test('listen and connect on a link-local address named by its interface; both ends see the index', async () => {
  const scoped = Object.entries(networkInterfaces()).flatMap(([name, entries]) =>
    (entries ?? []).filter((e) => e.family === 'IPv6' && e.scopeid !== undefined && e.scopeid > 0).map((e) => ({ name, address: e.address, scopeid: e.scopeid! })),
  )[0];
  if (scoped === undefined) return console.warn('skipped: no link-local IPv6 address on this host');
  await withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, new tcp.Endpoint(`${scoped.address}%${scoped.name}`, 0));
    const client = new tcp.Socket(ioc);
    try {
      const listening = acceptor.localEndpoint();
      expect(listening.address).toBe(`${scoped.address}%${scoped.scopeid}`);
      const accepted = acceptor.asyncAccept(useFuture);
      // Connected by the numeric form: it goes back to Node as the interface's name.
      await client.asyncConnect(new tcp.Endpoint(`${scoped.address}%${scoped.scopeid}`, listening.port), useFuture);
      const server = await accepted;
      try {
        expect(client.remoteEndpoint().equals(listening)).toBe(true);
        expect(client.remoteEndpoint().equals(new tcp.Endpoint(`${scoped.address}%${scoped.name}`, listening.port))).toBe(true);
        expect(await asyncWrite(client, bytes('zone'), useFuture)).toBe(4);
        const buf = new Uint8Array(4);
        expect(await asyncRead(server, buf, useFuture)).toBe(4);
        expect(text(buf)).toBe('zone');
      } finally {
        server.close();
      }
    } finally {
      client.close();
      acceptor.close();
    }
  });
});
