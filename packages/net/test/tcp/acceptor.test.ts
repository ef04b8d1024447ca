/**
 * tcp.Acceptor with real clients (Node's net on 127.0.0.1): the constructor and the
 * open/bind/listen forms, the real port for port 0, bind failures, the queue of connections that
 * arrive with no accept pending (kept in order, not read, none dropped), cancellation and close.
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
import { netErrors, tcp } from '@asio-ts/net';
import { hasIpv6Loopback, sleep, turn, withContext } from '../helpers/node-peer.js';

const loopback = (port = 0): tcp.Endpoint => new tcp.Endpoint('127.0.0.1', port);

function connectClient(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  const client = net.connect(port, host);
  client.on('error', () => {});
  return once(client, 'connect').then(() => client);
}

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
    expect(() => acceptor.bind(new tcp.Endpoint('::1', 0))).toThrow(expect.objectContaining({ code: errors.invalidArgument.code }));
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

test('cancel(): pending accepts complete with operationAborted (a closed socket); a later connection waits for the next accept', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    try {
      const pending = [acceptor.asyncAccept(asTuple(useFuture)), acceptor.asyncAccept(asTuple(useFuture))];
      acceptor.cancel();
      for (const [err, socket] of await Promise.all(pending)) {
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(socket.isOpen()).toBe(false);
      }
      const client = await connectClient(acceptor.localEndpoint().port);
      await sleep(20);
      const socket = await acceptor.asyncAccept(useFuture);
      expect(socket.remoteEndpoint().port).toBe(client.localPort);
      socket.close();
      client.destroy();
    } finally {
      acceptor.close();
    }
  }));

test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])('slot cancellation (%i) of an accept: operationAborted; the connection goes to the next accept', (type) =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    try {
      const signal = new CancellationSignal();
      const cancelled = acceptor.asyncAccept(bindCancellationSlot(signal.slot(), asTuple(useFuture)));
      const kept = acceptor.asyncAccept(useFuture);
      signal.emit(type);
      const [err] = await cancelled;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(signal.slot().hasHandler()).toBe(false);
      const client = await connectClient(acceptor.localEndpoint().port);
      const socket = await kept;
      expect(socket.remoteEndpoint().port).toBe(client.localPort);
      socket.close();
      client.destroy();
    } finally {
      acceptor.close();
    }
  }));

test('after close(): accepts complete with badDescriptor, cancel() and localEndpoint() throw it, close() again does nothing', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    acceptor.close();
    acceptor.close();
    expect(acceptor.isOpen()).toBe(false);
    const [late, socket] = await acceptor.asyncAccept(asTuple(useFuture));
    expect(errorIs(late, errors.badDescriptor)).toBe(true);
    expect(socket.isOpen()).toBe(false);
    expect(() => acceptor.cancel()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    expect(() => acceptor.localEndpoint()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    expect(() => acceptor.listen()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    // It can be opened again.
    acceptor.open();
    acceptor.bind(loopback());
    acceptor.listen();
    expect(acceptor.localEndpoint().port).toBeGreaterThan(0);
    acceptor.close();
  }));

test('close() with a queued connection destroys it (the client sees the end), and aborts a pending accept', () =>
  withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, loopback());
    const client = await connectClient(acceptor.localEndpoint().port);
    await sleep(20);
    const closed = once(client, 'close');
    acceptor.close();
    await closed;
    const other = new tcp.Acceptor(ioc, loopback());
    const pending = other.asyncAccept(asTuple(useFuture));
    other.close();
    const [err, socket] = await pending;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(socket.isOpen()).toBe(false);
  }));

test('a pending accept holds work; the context runs until a client comes', async () => {
  const ioc = new IoContext();
  const acceptor = new tcp.Acceptor(ioc, loopback());
  let accepted: tcp.Socket | null = null;
  acceptor.asyncAccept((err, s) => {
    expect(err).toBeNull();
    accepted = s;
  });
  setTimeout(() => void connectClient(acceptor.localEndpoint().port).then((c) => setTimeout(() => c.destroy(), 50)), 100);
  await ioc.run();
  expect(accepted).not.toBeNull();
  accepted!.close();
  acceptor.close();
});

test('IPv6 loopback acceptor', async () => {
  if (!(await hasIpv6Loopback())) return console.warn('skipped: no ::1 on this host');
  await withContext(async (ioc) => {
    const acceptor = new tcp.Acceptor(ioc, new tcp.Endpoint('::1', 0));
    try {
      expect(acceptor.localEndpoint().family).toBe(6);
      const client = await connectClient(acceptor.localEndpoint().port, '::1');
      const socket = await acceptor.asyncAccept(useFuture);
      expect(socket.remoteEndpoint().toString()).toBe(`[::1]:${client.localPort}`);
      socket.close();
      client.destroy();
    } finally {
      acceptor.close();
    }
  });
});

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
