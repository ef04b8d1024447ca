/**
 * tcp over a link-local IPv6 address of this host: the zone is written as the interface index,
 * and Node is handed the interface name back at listen and connect.
 */
import type * as os from 'node:os';
import { networkInterfaces } from 'node:os';
import { asTuple, errorIs, errors, useFuture } from '@asio-ts/core';
import { asyncRead, asyncWrite } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';
import { withContext } from '../helpers/node-peer.js';
import { bytes, text } from '../helpers/probe.js';
import { forgetInterfaces } from '../../src/ip/scope-id.js';

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

// Asio reads an unknown name as scope 0 (atoi), and Linux refuses a link-local connect without a
// scope (EINVAL). A name net.isIP refuses (with `_`) once sent the address to DNS (ENOTFOUND).
describe('a zone name net.isIP refuses (with _)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeOs = require('node:os') as typeof os;
  afterEach(() => {
    jest.restoreAllMocks();
    forgetInterfaces();
  });

  test('naming no interface: scope 0 (Asio), so invalidArgument as for any unknown name, never a DNS answer', async () => {
    if (process.platform !== 'linux') return console.warn("skipped: the EINVAL for a link-local address without a scope is Linux's");
    await withContext(async (ioc) => {
      for (const zone of ['nosuchif', 'no_such_if']) {
        const socket = new tcp.Socket(ioc);
        try {
          const [err] = await socket.asyncConnect(new tcp.Endpoint(`fe80::1%${zone}`, 9), asTuple(useFuture));
          expect([zone, errorIs(err, errors.invalidArgument)]).toEqual([zone, true]);
          expect(socket.isOpen()).toBe(true);
        } finally {
          socket.close();
        }
      }
    });
  });

  test("naming an interface of this host: operationNotSupported, Node's net cannot connect through it", async () => {
    if (process.platform === 'win32') return console.warn('skipped: Windows zones are numbers');
    forgetInterfaces();
    const entry = { address: 'fe80::42', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: 'fe80::42/64', scopeid: 4242 } as const;
    jest.spyOn(nodeOs, 'networkInterfaces').mockReturnValue({ docker_gwbridge: [entry] });
    await withContext(async (ioc) => {
      const endpoint = new tcp.Endpoint('fe80::1%docker_gwbridge', 9);
      expect(endpoint.address).toBe('fe80::1%4242');
      const socket = new tcp.Socket(ioc);
      const [err] = await socket.asyncConnect(endpoint, asTuple(useFuture));
      expect(errorIs(err, errors.operationNotSupported)).toBe(true);
      expect(err!.message).toContain('fe80::1%docker_gwbridge');
      expect(socket.isOpen()).toBe(true);
      socket.close();
    });
  });
});
