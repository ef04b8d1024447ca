/**
 * tcp.Socket's shutdown, socket options and token kinds against a real peer (Node's net on
 * 127.0.0.1).
 */
import net from 'node:net';
import { once } from 'node:events';
import { asTuple, coSpawn, errorIs, errors, useAwaitable, useFuture } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { asyncWrite } from '@asio-ts/io';
import { connectedPair, readAll, sleep, withContext } from '../helpers/node-peer.js';
import { bytes, probe, text } from '../helpers/probe.js';

describe('shutdown and options', () => {
  test("half-close: shutdown('send') gives the peer eof after the data; the peer's reply still arrives", () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const port = pair.peer.localPort;
        await asyncWrite(pair.socket, bytes('request'), useFuture);
        pair.socket.shutdown('send');
        const request = await readAll(pair.peer);
        expect(request.toString()).toBe('request');
        pair.peer.end('reply');
        const buf = new Uint8Array(16);
        const n = await pair.socket.asyncReadSome(buf, useFuture);
        expect(text(buf.subarray(0, n))).toBe('reply');
        const [eof] = await pair.socket.asyncReadSome(buf, asTuple(useFuture));
        expect(errorIs(eof, errors.eof)).toBe(true);
        const [afterShutdown] = await pair.socket.asyncWriteSome(bytes('x'), asTuple(useFuture));
        expect(errorIs(afterShutdown, errors.brokenPipe)).toBe(true);
        expect(pair.socket.remoteEndpoint().port).toBe(port);
      } finally {
        pair.close();
      }
    }));

  test("shutdown('receive'): a pending read and later ones complete with eof; writes go on", () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const pending = pair.socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
        pair.socket.shutdown('receive');
        const [err] = await pending;
        expect(errorIs(err, errors.eof)).toBe(true);
        const [later] = await pair.socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
        expect(errorIs(later, errors.eof)).toBe(true);
        expect(await pair.socket.asyncWriteSome(bytes('ok'), useFuture)).toBe(2);
        pair.socket.shutdown('both');
        expect((await readAll(pair.peer)).toString()).toBe('ok');
      } finally {
        pair.close();
      }
    }));

  test('setNoDelay and setKeepAlive reach the connection, also when set before it connected', () =>
    withContext(async (ioc) => {
      const noDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
      const keepAlive = jest.spyOn(net.Socket.prototype, 'setKeepAlive');
      const server = net.createServer();
      const socket = new tcp.Socket(ioc);
      try {
        server.listen(0, '127.0.0.1');
        await once(server, 'listening');
        const port = (server.address() as net.AddressInfo).port;
        socket.open(tcp.v4());
        socket.setNoDelay(true);
        socket.setKeepAlive(true);
        expect([noDelay.mock.calls, keepAlive.mock.calls]).toEqual([[], []]);
        const accepted = once(server, 'connection') as Promise<[net.Socket]>;
        await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), useFuture);
        const [peer] = await accepted;
        // The options set while unconnected are applied to the connected net.Socket.
        expect(noDelay.mock.calls.filter((c) => c[0] === true).length).toBeGreaterThan(0);
        expect(keepAlive.mock.calls.filter((c) => c[0] === true).length).toBeGreaterThan(0);
        noDelay.mockClear();
        keepAlive.mockClear();
        socket.setNoDelay(false);
        socket.setKeepAlive(false);
        expect([noDelay.mock.calls.at(-1)?.[0], keepAlive.mock.calls.at(-1)?.[0]]).toEqual([false, false]);
        expect(await socket.asyncWriteSome(bytes('x'), useFuture)).toBe(1);
        peer.destroy();
      } finally {
        noDelay.mockRestore();
        keepAlive.mockRestore();
        socket.close();
        server.close();
      }
      // A closed socket refuses them, as its endpoints, with badDescriptor.
      for (const call of [() => socket.setNoDelay(true), () => socket.setKeepAlive(true), () => socket.localEndpoint(), () => socket.remoteEndpoint()]) {
        expect(call).toThrow(expect.objectContaining({ code: 'EBADF' }));
      }
    }));
});

describe('tokens', () => {
  test('deferred (the default) and useAwaitable inside coSpawn', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const op = pair.socket.asyncWriteSome(bytes('lazy'));
        await sleep(20);
        expect(pair.peer.bytesRead).toBe(0);
        expect(await op).toBe(4);
        const got = await coSpawn(
          ioc,
          async () => {
            pair.peer.write('back');
            const buf = new Uint8Array(4);
            const n = await pair.socket.asyncReadSome(buf, useAwaitable);
            return text(buf.subarray(0, n));
          },
          useFuture,
        );
        expect(got).toBe('back');
      } finally {
        pair.close();
      }
    }));

  test('a zero-size read or write on an open socket completes with (null, 0) whatever its state, as Asio\'s no-op; closed, badDescriptor', () =>
    withContext(async (ioc) => {
      const empty = new Uint8Array(0);
      const zero = async (op: (h: (err: Error | null, n: number) => void) => void): Promise<[string | null, number]> => {
        const p = probe<[Error | null, number]>();
        p.start(() => op(p.handler));
        const [err, n] = await p.done;
        return [err === null ? null : (err as { code?: string }).code ?? 'error', n];
      };
      const unconnected = new tcp.Socket(ioc, tcp.v4());
      expect(await zero((h) => unconnected.asyncReadSome(empty, h))).toEqual([null, 0]);
      expect(await zero((h) => unconnected.asyncWriteSome(empty, h))).toEqual([null, 0]);
      unconnected.close();
      expect(await zero((h) => unconnected.asyncReadSome(empty, h))).toEqual([errors.badDescriptor.code, 0]);
      expect(await zero((h) => unconnected.asyncWriteSome(empty, h))).toEqual([errors.badDescriptor.code, 0]);
      const pair = await connectedPair(ioc);
      try {
        pair.socket.shutdown('both');
        expect(await zero((h) => pair.socket.asyncWriteSome(empty, h))).toEqual([null, 0]);
        expect(await zero((h) => pair.socket.asyncReadSome(empty, h))).toEqual([null, 0]);
        expect(await zero((h) => pair.socket.asyncWriteSome(bytes('x'), h))).toEqual([errors.brokenPipe.code, 0]);
      } finally {
        pair.close();
      }
    }));
});
