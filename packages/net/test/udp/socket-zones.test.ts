/**
 * udp.Socket addresses as Node takes them: lookups answered within the call (so binds are
 * synchronous), link-local addresses with their zones.
 */
import { networkInterfaces } from 'node:os';
import { useFuture } from '@asio-ts/core';
import { udp } from '@asio-ts/net';
import { literalLookup } from '../../src/detail/literal-lookup.js';
import { bytes, text } from '../helpers/probe.js';
import { withContext } from '../helpers/node-peer.js';

test('lookups answer within the call, so Node never queues a send for its bind: literals, also a zone isIP refuses', () => {
  const answers: unknown[][] = [];
  for (const host of ['127.0.0.1', '::1', 'fe80::1%eth0', 'fe80::1%docker_gwbridge']) literalLookup(host, 0, (...args) => answers.push(args));
  expect(answers).toEqual([
    [null, '127.0.0.1', 4],
    [null, '::1', 6],
    [null, 'fe80::1%eth0', 6],
    [null, 'fe80::1%docker_gwbridge', 6],
  ]);
});

test('a link-local address: its zone is the interface index, and Node still binds and sends to it', async () => {
  const scoped = Object.entries(networkInterfaces()).flatMap(([name, entries]) =>
    (entries ?? []).filter((e) => e.family === 'IPv6' && e.scopeid !== undefined && e.scopeid > 0).map((e) => ({ name, address: e.address, scopeid: e.scopeid! })),
  )[0];
  if (scoped === undefined) return console.warn('skipped: no link-local IPv6 address on this host');
  await withContext(async (ioc) => {
    const a = new udp.Socket(ioc, new udp.Endpoint(`${scoped.address}%${scoped.name}`, 0));
    try {
      const local = a.localEndpoint();
      expect(local.address).toBe(`${scoped.address}%${scoped.scopeid}`);
      expect(local.equals(new udp.Endpoint(`${scoped.address}%${scoped.name}`, local.port))).toBe(true);
      expect(await a.asyncSendTo(bytes('zone'), local, useFuture)).toBe(4);
      const buf = new Uint8Array(8);
      const [n, from] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, n))).toBe('zone');
      expect(from.equals(local)).toBe(true);
    } finally {
      a.close();
    }
  });
});
