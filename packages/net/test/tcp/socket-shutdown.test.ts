/**
 * tcp.Socket's shutdown, socket options and token kinds against a real peer (Node's net on
 * 127.0.0.1).
 */
import { asTuple, coSpawn, errorIs, errors, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { connectedPair, readAll, sleep, withContext } from '../helpers/node-peer.js';
import { bytes, text } from '../helpers/probe.js';

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

  test('setNoDelay and setKeepAlive apply to the connection', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.socket.setNoDelay(true);
        pair.socket.setKeepAlive(true);
        pair.socket.setKeepAlive(false);
        expect(await pair.socket.asyncWriteSome(bytes('x'), useFuture)).toBe(1);
      } finally {
        pair.close();
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
});
