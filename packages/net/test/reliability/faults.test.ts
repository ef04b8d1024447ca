/**
 * Faults from real peers. A CPython peer that resets the connection in the middle of a transfer
 * (SO_LINGER 0); a CPython listener whose kernel queue is full, so a connect to it really stays
 * pending (its SYN is dropped) until it is cancelled.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import {
  asTuple,
  bindCancellationSlot,
  cancelAfter,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { asyncConnect, tcp } from '@asio-ts/net';
import { sleep, withContext } from '../helpers/node-peer.js';
import { startPeer } from '../helpers/peers.js';

test('a peer reset in the middle of a write: connectionReset or brokenPipe; the peer got no more than was reported plus the chunk in flight', () =>
  withContext(async (ioc) => {
    const after = 3 * 1024 * 1024;
    const peer = startPeer('reset-server', { after });
    try {
      const { port } = await peer.next<{ port: number }>();
      const socket = new tcp.Socket(ioc);
      await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), useFuture);
      const chunk = 256 * 1024;
      const data = new Uint8Array(64 * 1024 * 1024);
      let reported = 0;
      let failure: unknown = null;
      while (reported < data.length) {
        const [err, n] = await asyncWrite(socket, data.subarray(reported, reported + chunk), asTuple(useFuture));
        reported += n;
        if (err !== null) {
          failure = err;
          break;
        }
      }
      const { received } = await peer.next<{ received: number }>();
      expect(failure).not.toBeNull();
      expect(errorIs(failure, errors.connectionReset) || errorIs(failure, errors.brokenPipe)).toBe(true);
      expect(received).toBeGreaterThanOrEqual(after);
      expect(received).toBeLessThanOrEqual(reported + chunk);
      // Reads on the dead connection fail the same way, with no byte.
      const [readErr, readN] = await socket.asyncReadSome(new Uint8Array(8), asTuple(useFuture));
      expect([errorIs(readErr, errors.connectionReset) || errorIs(readErr, errors.brokenPipe), readN]).toEqual([true, 0]);
      socket.close();
    } finally {
      await peer.stop();
    }
  }), 30_000);

test('a peer reset while a read is pending: the bytes it sent first, then connectionReset', () =>
  withContext(async (ioc) => {
    const peer = startPeer('reset-server', { after: 4, send: 1000 });
    try {
      const { port } = await peer.next<{ port: number }>();
      const socket = new tcp.Socket(ioc);
      await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), useFuture);
      const buf = new Uint8Array(64);
      let got = 0;
      let failure: unknown = null;
      // Read what was sent, then tell the peer to reset, with a read pending.
      while (got < 1000) got += await socket.asyncReadSome(buf, useFuture);
      const pending = socket.asyncReadSome(buf, asTuple(useFuture));
      await socket.asyncWriteSome(new Uint8Array(4), useFuture);
      [failure] = await pending;
      expect(got).toBe(1000);
      expect(errorIs(failure, errors.connectionReset)).toBe(true);
      await peer.next();
      socket.close();
    } finally {
      await peer.stop();
    }
  }), 30_000);

/** Connect raw sockets to `port` until one stays pending: then the kernel's queue is full. */
async function fillBacklog(port: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < 16; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    sockets.push(s);
    const connected = await Promise.race([once(s, 'connect').then(() => true), sleep(300).then(() => false)]);
    if (!connected) return sockets;
  }
  throw new Error('the listener never stopped completing connections');
}

describe('a connect that really stays pending (a full listen queue)', () => {
  test('cancel(): operationAborted at once; the socket stays open', () =>
    withContext(async (ioc) => {
      const peer = startPeer('full-backlog', {});
      const { port } = await peer.next<{ port: number }>();
      const raw = await fillBacklog(port);
      try {
        const socket = new tcp.Socket(ioc);
        const pending = socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), asTuple(useFuture));
        await sleep(300);
        const started = Date.now();
        socket.cancel();
        const [err] = await pending;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(Date.now() - started).toBeLessThan(200);
        expect(socket.isOpen()).toBe(true);
        socket.close();
      } finally {
        for (const s of raw) s.destroy();
        await peer.stop();
      }
    }), 30_000);

  test('cancelAfter on the token (terminal through the slot), and on the range connect', () =>
    withContext(async (ioc) => {
      const peer = startPeer('full-backlog', {});
      const { port } = await peer.next<{ port: number }>();
      const raw = await fillBacklog(port);
      try {
        const socket = new tcp.Socket(ioc);
        const started = Date.now();
        const [err] = await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), cancelAfter(200, asTuple(useFuture)));
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(Date.now() - started).toBeGreaterThanOrEqual(150);
        const signal = new CancellationSignal();
        const range = asyncConnect(socket, [new tcp.Endpoint('127.0.0.1', port), new tcp.Endpoint('127.0.0.1', port)], bindCancellationSlot(signal.slot(), asTuple(useFuture)));
        await sleep(200);
        signal.emit(CancellationType.Partial);
        const [rangeErr] = await range;
        expect(errorIs(rangeErr, errors.operationAborted)).toBe(true);
        socket.close();
      } finally {
        for (const s of raw) s.destroy();
        await peer.stop();
      }
    }), 30_000);

  test('the pending connect holds work: run() does not end while it is in flight', async () => {
    const peer = startPeer('full-backlog', {});
    const { port } = await peer.next<{ port: number }>();
    const raw = await fillBacklog(port);
    try {
      const ioc = new IoContext();
      const socket = new tcp.Socket(ioc);
      let result: unknown = undefined;
      socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), (err) => (result = err));
      let ran = false;
      const running = ioc.run().then(() => (ran = true));
      await sleep(300);
      expect(ran).toBe(false);
      socket.close();
      await running;
      expect(errorIs(result, errors.operationAborted)).toBe(true);
    } finally {
      for (const s of raw) s.destroy();
      await peer.stop();
    }
  }, 30_000);
});
