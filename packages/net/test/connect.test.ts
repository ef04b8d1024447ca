/**
 * The range asyncConnect (Asio's async_connect over endpoints), against real listeners and
 * closed ports on 127.0.0.1: the first that accepts wins, the last error when all fail, notFound
 * for none, the connect condition, and cancellation (the slot, close(), cancel()).
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
import { asyncConnect, tcp } from '@asio-ts/net';
import { closedPort, withContext } from './helpers/node-peer.js';

async function listener(): Promise<{ server: net.Server; endpoint: tcp.Endpoint; connections: () => number }> {
  const server = net.createServer((s) => {
    count++;
    s.on('error', () => {});
  });
  let count = 0;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, endpoint: new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), connections: () => count };
}

test('tries each endpoint in order; completes with the first that connected', () =>
  withContext(async (ioc) => {
    const first = await listener();
    const second = await listener();
    try {
      const refused = new tcp.Endpoint('127.0.0.1', await closedPort());
      const socket = new tcp.Socket(ioc);
      const tried: string[] = [];
      const got = await asyncConnect(socket, [refused, first.endpoint, second.endpoint], (_err, ep) => (tried.push(`${ep}`), true), useFuture);
      expect(tried).toEqual([`${refused}`, `${first.endpoint}`]);
      expect(got.equals(first.endpoint)).toBe(true);
      expect(socket.remoteEndpoint().equals(first.endpoint)).toBe(true);
      socket.close();
      expect(second.connections()).toBe(0);
    } finally {
      first.server.close();
      second.server.close();
    }
  }));

test('every endpoint refused: the last error, and the unspecified endpoint; each tried in order', () =>
  withContext(async (ioc) => {
    const a = new tcp.Endpoint('127.0.0.1', await closedPort());
    const b = new tcp.Endpoint('127.0.0.1', 0);
    const seen: string[] = [];
    const [err, endpoint] = await asyncConnect(new tcp.Socket(ioc), [a, b], (e, ep) => (seen.push(`${e?.code ?? 'none'} ${ep}`), true), asTuple(useFuture));
    // The condition sees each endpoint in order, with the error of the one before.
    expect(seen).toEqual([`none ${a}`, `ECONNREFUSED ${b}`]);
    expect(errorIs(err, errors.connectionRefused)).toBe(true);
    expect(endpoint.toString()).toBe('0.0.0.0:0');
  }));

test('no endpoint: notFound, never inside the call', () =>
  withContext(async (ioc) => {
    let inside = true;
    const result = new Promise<[SystemError | null, tcp.Endpoint, boolean]>((resolve) =>
      asyncConnect(new tcp.Socket(ioc), new Set<tcp.Endpoint>(), (err, endpoint) => resolve([err, endpoint, inside])),
    );
    inside = false;
    const [err, endpoint, wasInside] = await result;
    expect(errorIs(err, errors.notFound)).toBe(true);
    expect(endpoint.port).toBe(0);
    expect(wasInside).toBe(false);
  }));

test('the connect condition sees the previous error and skips endpoints; rejecting all is notFound', () =>
  withContext(async (ioc) => {
    const { server, endpoint } = await listener();
    const refused = new tcp.Endpoint('127.0.0.1', await closedPort());
    const seen: Array<[string | null, string]> = [];
    const socket = new tcp.Socket(ioc);
    const got = await asyncConnect(
      socket,
      [refused, new tcp.Endpoint('127.0.0.1', 1), endpoint],
      (err, next) => {
        seen.push([err?.code ?? null, String(next)]);
        return next.port !== 1;
      },
      useFuture,
    );
    expect(got.equals(endpoint)).toBe(true);
    expect(seen).toEqual([
      [null, String(refused)],
      ['ECONNREFUSED', '127.0.0.1:1'],
      ['ECONNREFUSED', String(endpoint)],
    ]);
    const [err] = await asyncConnect(new tcp.Socket(ioc), [endpoint], () => false, asTuple(useFuture));
    expect(errorIs(err, errors.notFound)).toBe(true);
    socket.close();
    server.close();
  }));

test.each([CancellationType.Terminal, CancellationType.Partial])('slot cancellation (%i): operationAborted, no further endpoint tried', (type) =>
  withContext(async (ioc) => {
    const first = await listener();
    const second = await listener();
    const signal = new CancellationSignal();
    const socket = new tcp.Socket(ioc);
    const done = asyncConnect(socket, [first.endpoint, second.endpoint], bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    signal.emit(type);
    const [err, endpoint] = await done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(endpoint.port).toBe(0);
    expect(signal.slot().hasHandler()).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(second.connections()).toBe(0);
    socket.close();
    first.server.close();
    second.server.close();
  }));

test('total cancellation is not supported (as Asio): the connect goes on', () =>
  withContext(async (ioc) => {
    const { server, endpoint } = await listener();
    const signal = new CancellationSignal();
    const socket = new tcp.Socket(ioc);
    const done = asyncConnect(socket, [endpoint], bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    signal.emit(CancellationType.Total);
    const [err] = await done;
    expect(err).toBeNull();
    socket.close();
    server.close();
  }));

test('socket.close() stops it: operationAborted', () =>
  withContext(async (ioc) => {
    const { server, endpoint } = await listener();
    const socket = new tcp.Socket(ioc);
    const done = asyncConnect(socket, [endpoint, endpoint], asTuple(useFuture));
    socket.close();
    const [err] = await done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    server.close();
  }));

test('socket.cancel() fails the attempt in flight only: the next endpoint is tried, as in Asio', () =>
  withContext(async (ioc) => {
    const first = await listener();
    const second = await listener();
    const socket = new tcp.Socket(ioc);
    const done = asyncConnect(socket, [first.endpoint, second.endpoint], useFuture);
    socket.cancel();
    expect((await done).equals(second.endpoint)).toBe(true);
    socket.close();
    first.server.close();
    second.server.close();
  }));

test('with a resolver: localhost', async () => {
  const { server, endpoint } = await listener();
  const ioc = new IoContext();
  const socket = new tcp.Socket(ioc);
  let connectedTo: tcp.Endpoint | null = null;
  new tcp.Resolver(ioc).asyncResolve(tcp.v4(), 'localhost', endpoint.port, (err, endpoints) => {
    expect(err).toBeNull();
    asyncConnect(socket, endpoints, (e, ep) => {
      expect(e).toBeNull();
      connectedTo = ep;
    });
  });
  await ioc.run();
  expect(connectedTo!.port).toBe(endpoint.port);
  socket.close();
  server.close();
});
