/**
 * tcp.Acceptor with real clients (Node's net on 127.0.0.1): the constructor and the
 * open/bind/listen forms, the real port for port 0, bind failures, the queue of connections that
 * arrive with no accept pending (kept in order, not read, none dropped), the order of accepts.
 */
import * as net from 'node:net';
import { asTuple, errorIs, errors, SystemError, useFuture } from '@asio-ts/core';
import { netErrors, tcp } from '@asio-ts/net';
import { sleep, withContext } from '../helpers/node-peer.js';
import { connectClient, loopback } from '../helpers/acceptor-clients.js';

test('the constructor opens, binds and listens: localEndpoint has the real port at once', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    try {
      const local = acceptor.localEndpoint();
      expect(local.address).toBe('127.0.0.1');
      expect(local.port).toBeGreaterThan(0);
      expect(acceptor.isOpen()).toBe(true);
      expect(acceptor.reuseAddress()).toBe(true);
      const client = await connectClient(local.port);
      const socket = await acceptor.asyncAccept(useFuture);
      expect(socket).toBeInstanceOf(tcp.Socket);
      expect(socket.getExecutor()).toBe(ioc.getExecutor());
      expect(socket.remoteEndpoint().equals(loopback(client.localPort))).toBe(true);
      expect(socket.localEndpoint().equals(local)).toBe(true);
      client.write('hi');
      const buf = new Uint8Array(2);
      expect(await socket.asyncReadSome(buf, useFuture)).toBe(2);
      socket.close();
      client.destroy();
    } finally {
      acceptor.close();
    }
  }));

test('open, bind, listen: localEndpoint is the bind endpoint until listen, the real port after', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, undefined, { reuseAddress: false });
    expect(acceptor.isOpen()).toBe(false);
    expect(() => acceptor.localEndpoint()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    acceptor.open(tcp.v4());
    expect(() => acceptor.open()).toThrow(expect.objectContaining({ code: errors.alreadyOpen.code }));
    // The other IP version, as Linux answers bind(2) (a v6 acceptor and a v4 endpoint: invalidArgument).
    expect(() => acceptor.bind(new tcp.Endpoint('::1', 0))).toThrow(expect.objectContaining({ code: netErrors.addressFamilyNotSupported.code }));
    const six = new tcp.Acceptor(ioc);
    six.open(tcp.v6());
    expect(() => six.bind(loopback())).toThrow(expect.objectContaining({ code: errors.invalidArgument.code }));
    six.close();
    acceptor.bind(loopback());
    expect(acceptor.localEndpoint().toString()).toBe('127.0.0.1:0');
    const [notListening] = await acceptor.asyncAccept(asTuple(useFuture));
    expect(errorIs(notListening, errors.invalidArgument)).toBe(true);
    acceptor.listen(16);
    acceptor.listen();
    const port = acceptor.localEndpoint().port;
    expect(port).toBeGreaterThan(0);
    expect(() => acceptor.bind(loopback())).toThrow(expect.objectContaining({ code: errors.invalidArgument.code }));
    const client = await connectClient(port);
    const socket = await acceptor.asyncAccept(useFuture);
    expect(socket.remoteEndpoint().port).toBe(client.localPort);
    socket.close();
    client.destroy();
    acceptor.close();
  }));

test('a port in use: the constructor throws netErrors.addressInUse', () =>
  withContext(async (ioc) => {
    const first = new tcp.Acceptor(ioc, loopback());
    try {
      let thrown: unknown;
      try {
        new tcp.Acceptor(ioc, first.localEndpoint());
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(SystemError);
      expect(errorIs(thrown, netErrors.addressInUse)).toBe(true);
      // Nothing of the failed listen is left to emit later.
      await sleep(20);
    } finally {
      first.close();
    }
  }));

test('connections arriving with no accept pending wait in order; none is dropped', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    const clients: net.Socket[] = [];
    try {
      for (let i = 0; i < 20; i++) clients.push(await connectClient(acceptor.localEndpoint().port));
      await sleep(50);
      for (const client of clients) {
        const socket = await acceptor.asyncAccept(useFuture);
        expect(socket.remoteEndpoint().port).toBe(client.localPort);
        socket.close();
      }
    } finally {
      for (const c of clients) c.destroy();
      acceptor.close();
    }
  }));

test('a queued connection is not read: the client is held back until it is accepted, then every byte arrives', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    try {
      const client = await connectClient(acceptor.localEndpoint().port);
      const size = 32 * 1024 * 1024;
      let flushed = false;
      client.end(Buffer.alloc(size, 3), () => (flushed = true));
      await sleep(300);
      expect(flushed).toBe(false);
      expect(client.writableLength).toBeGreaterThan(size / 2);
      const socket = await acceptor.asyncAccept(useFuture);
      const buf = new Uint8Array(1 << 20);
      let total = 0;
      for (;;) {
        const [err, n] = await socket.asyncReadSome(buf, asTuple(useFuture));
        if (err !== null) {
          expect(errorIs(err, errors.eof)).toBe(true);
          break;
        }
        total += n;
      }
      expect(total).toBe(size);
      expect(flushed).toBe(true);
      socket.close();
    } finally {
      acceptor.close();
    }
  }), 30_000);

test('a connection reset while it waited is still accepted; its first read reports the reset', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    try {
      const client = await connectClient(acceptor.localEndpoint().port);
      await sleep(20);
      client.resetAndDestroy();
      await sleep(50);
      const socket = await acceptor.asyncAccept(useFuture);
      const [err] = await socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      socket.close();
    } finally {
      acceptor.close();
    }
  }));

test('pending accepts are served in order; an accept never completes inside asyncAccept, also from the queue', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    try {
      const order: number[] = [];
      const first = acceptor.asyncAccept(useFuture).then((s) => (order.push(1), s));
      const second = acceptor.asyncAccept(useFuture).then((s) => (order.push(2), s));
      const a = await connectClient(acceptor.localEndpoint().port);
      const sa = await first;
      const b = await connectClient(acceptor.localEndpoint().port);
      const sb = await second;
      expect(order).toEqual([1, 2]);
      expect(sa.remoteEndpoint().port).toBe(a.localPort);
      expect(sb.remoteEndpoint().port).toBe(b.localPort);
      const c = await connectClient(acceptor.localEndpoint().port);
      await sleep(20);
      let inside = true;
      let ranInside: boolean | null = null;
      const third = new Promise<tcp.Socket>((resolve) =>
        acceptor.asyncAccept((err, s) => {
          ranInside = inside;
          expect(err).toBeNull();
          resolve(s);
        }),
      );
      inside = false;
      const sc = await third;
      expect(ranInside).toBe(false);
      expect(sc.remoteEndpoint().port).toBe(c.localPort);
      for (const s of [sa, sb, sc]) s.close();
      for (const x of [a, b, c]) x.destroy();
    } finally {
      acceptor.close();
    }
  }));

test('listen(0), the smallest backlog Asio allows: the acceptor listens and accepts', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc);
    acceptor.open(tcp.v4());
    acceptor.bind(loopback());
    acceptor.listen(0);
    const client = await connectClient(acceptor.localEndpoint().port);
    const socket = await acceptor.asyncAccept(useFuture);
    expect(socket.remoteEndpoint().port).toBe(client.localPort);
    socket.close();
    client.destroy();
    acceptor.close();
  }));
