/**
 * tcp.Acceptor with real clients (Node's net on 127.0.0.1): cancel(), slot cancellation and close()
 * of pending accepts (no connection lost), work held by a pending accept, IPv6 loopback.
 */
import { once } from 'node:events';
import { asTuple, bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, IoContext, useFuture } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { hasIpv6Loopback, sleep, withContext } from '../helpers/node-peer.js';
import { connectClient, loopback } from '../helpers/acceptor-clients.js';

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
