/**
 * tcp.Socket#asyncConnect against a real peer (Node's net on 127.0.0.1): endpoints, refusal, IPv6, the
 * completion rules and work, and cancellation of a connect (cancel(), the slot, close()).
 */
import { once } from 'node:events';
import * as net from 'node:net';
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { netErrors, tcp } from '@asio-ts/net';
import { closedPort, connectedPair, hasIpv6Loopback, withContext } from '../helpers/node-peer.js';
import { bytes, probe, text } from '../helpers/probe.js';

describe('connect', () => {
  test('connects; the endpoints are the two ends of the connection', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const { socket, peer } = pair;
        expect(socket.isOpen()).toBe(true);
        expect(socket.remoteEndpoint().equals(new tcp.Endpoint('127.0.0.1', peer.localPort!))).toBe(true);
        expect(socket.localEndpoint().equals(new tcp.Endpoint('127.0.0.1', peer.remotePort!))).toBe(true);
        expect(socket.localEndpoint().protocol()).toBe(tcp.v4());
      } finally {
        pair.close();
      }
    }));

  test('the handler runs on the context, never inside asyncConnect, and the connect holds work', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    server.on('connection', (s) => s.destroy());
    const ioc = new IoContext();
    const socket = new tcp.Socket(ioc);
    const p = probe<[SystemError | null]>();
    p.start(() => socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), p.handler));
    expect(p.calls).toEqual([]);
    // run() lasts until the connect completed: it held work.
    await ioc.run();
    expect(p.calls).toEqual([[null]]);
    socket.close();
    server.close();
  });

  test('a closed port: connectionRefused; the socket stays open and can connect again', () =>
    withContext(async (ioc) => {
      const socket = new tcp.Socket(ioc);
      const [err] = await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', await closedPort()), asTuple(useFuture));
      expect(errorIs(err, errors.connectionRefused)).toBe(true);
      expect(err).toBeInstanceOf(SystemError);
      expect(socket.isOpen()).toBe(true);
      expect(() => socket.remoteEndpoint()).toThrow(expect.objectContaining({ code: errors.notConnected.code }));
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      server.on('connection', (s) => s.destroy());
      await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), useFuture);
      socket.close();
      server.close();
    }));

  test('port 0 is refused, as the kernel would', () =>
    withContext(async (ioc) => {
      const [err] = await new tcp.Socket(ioc).asyncConnect(new tcp.Endpoint('127.0.0.1', 0), asTuple(useFuture));
      expect(errorIs(err, errors.connectionRefused)).toBe(true);
    }));

  test('a second connect while one is in flight: alreadyStarted; once connected: alreadyConnected', () =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      server.on('connection', (s) => s.on('error', () => {}));
      const to = new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port);
      const socket = new tcp.Socket(ioc);
      const first = socket.asyncConnect(to, asTuple(useFuture));
      const [second] = await socket.asyncConnect(to, asTuple(useFuture));
      expect(errorIs(second, errors.alreadyStarted)).toBe(true);
      expect(await first).toEqual([null]);
      const [third] = await socket.asyncConnect(to, asTuple(useFuture));
      expect(errorIs(third, netErrors.alreadyConnected)).toBe(true);
      socket.close();
      server.close();
    }));

  test('the other IP version, as Linux answers connect(2): a v6 socket and a v4 endpoint invalidArgument, a v4 socket and a v6 endpoint addressFamilyNotSupported; open twice throws alreadyOpen', () =>
    withContext(async (ioc) => {
      const socket = new tcp.Socket(ioc, tcp.v6());
      expect(() => socket.open()).toThrow(expect.objectContaining({ code: errors.alreadyOpen.code }));
      const [err] = await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', 1), asTuple(useFuture));
      expect(errorIs(err, errors.invalidArgument)).toBe(true);
      expect(socket.localEndpoint().toString()).toBe('[::]:0');
      socket.close();
      const v4 = new tcp.Socket(ioc, tcp.v4());
      const [err4] = await v4.asyncConnect(new tcp.Endpoint('::1', 1), asTuple(useFuture));
      expect(errorIs(err4, netErrors.addressFamilyNotSupported)).toBe(true);
      v4.close();
    }));

  test('IPv6 loopback', async () => {
    if (!(await hasIpv6Loopback())) return console.warn('skipped: no ::1 on this host');
    await withContext(async (ioc) => {
      const pair = await connectedPair(ioc, '::1');
      try {
        expect(pair.socket.remoteEndpoint().toString()).toBe(`[::1]:${pair.peer.localPort}`);
        expect(pair.socket.localEndpoint().family).toBe(6);
        await asyncWrite(pair.socket, bytes('six'), useFuture);
        const got = once(pair.peer, 'data');
        expect(text((await got)[0] as Buffer)).toBe('six');
      } finally {
        pair.close();
      }
    });
  });

  test('cancel() of a connect in flight: operationAborted (queued, not inside cancel()); the socket stays open', () =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      const socket = new tcp.Socket(ioc);
      const p = probe<[SystemError | null]>();
      socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), p.handler);
      p.start(() => socket.cancel());
      const [err] = await p.done;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(socket.isOpen()).toBe(true);
      // And it can connect afterwards.
      await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), useFuture);
      socket.close();
      server.close();
    }));

  test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])('slot cancellation (%i) of a connect: operationAborted, slot released', (type) =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      const signal = new CancellationSignal();
      const socket = new tcp.Socket(ioc);
      const done = socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
      expect(signal.slot().hasHandler()).toBe(true);
      signal.emit(type);
      const [err] = await done;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(signal.slot().hasHandler()).toBe(false);
      expect(socket.isOpen()).toBe(true);
      socket.close();
      server.close();
    }));

  test('close() of a connect in flight: operationAborted, the socket closed', () =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      const socket = new tcp.Socket(ioc);
      const done = socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), asTuple(useFuture));
      socket.close();
      const [err] = await done;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(socket.isOpen()).toBe(false);
      server.close();
    }));
});
