/**
 * A tcp.Socket whose net.Socket Node destroys without telling it first (no 'end', no 'error'
 * before 'close'; or with an error of its own): the pending read completes once, with
 * connectionAborted or that error, later reads and writes fail at once the same way (a write on
 * a destroyed socket with no error of its own is a broken pipe), never inside their call, and
 * close() afterwards is quiet. The net.Socket is the real one under the tcp.Socket (found
 * through its 'data' listener), against a real peer.
 */
import * as net from 'node:net';
import { asTuple, errorIs, errors, useFuture } from '@asio-ts/core';
import type { tcp } from '@asio-ts/net';
import { connectedPair, withContext } from '../helpers/node-peer.js';
import { bytes } from '../helpers/probe.js';

/** The net.Socket under a tcp.Socket: the one its connection put a 'data' listener on. */
async function pairWithUnderlying(ioc: Parameters<Parameters<typeof withContext>[0]>[0]): Promise<{ pair: Awaited<ReturnType<typeof connectedPair>>; ns: net.Socket }> {
  const on = jest.spyOn(net.Socket.prototype, 'on');
  try {
    const pair = await connectedPair(ioc);
    const at = on.mock.calls.findIndex((args) => (args as unknown[])[0] === 'data');
    return { pair, ns: on.mock.contexts[at] as net.Socket };
  } finally {
    on.mockRestore();
  }
}

function readOnce(socket: tcp.Socket): { result: Promise<[unknown, number]>; inside: () => boolean } {
  let inside = true;
  const result = new Promise<[unknown, number]>((resolve) => socket.asyncReadSome(new Uint8Array(8), (err, n) => resolve([err, n])));
  inside = false;
  return { result, inside: () => inside };
}

test('destroyed with no error: the pending read and later ones get connectionAborted, a write a broken pipe', () =>
  withContext(async (ioc) => {
    const { pair, ns } = await pairWithUnderlying(ioc);
    try {
      const pending = pair.socket.asyncReadSome(new Uint8Array(8), asTuple(useFuture));
      ns.destroy();
      const [err, n] = await pending;
      expect(errorIs(err, errors.connectionAborted)).toBe(true);
      expect((err as Error).message).toMatch(/the socket was destroyed/);
      expect(n).toBe(0);
      const later = readOnce(pair.socket);
      const [again] = await later.result;
      expect(later.inside()).toBe(false);
      expect(errorIs(again, errors.connectionAborted)).toBe(true);
      const [writeErr, written] = await pair.socket.asyncWriteSome(bytes('x'), asTuple(useFuture));
      expect(errorIs(writeErr, errors.brokenPipe)).toBe(true);
      expect(written).toBe(0);
    } finally {
      pair.close();
    }
  }));

test("destroyed with an error of Node's: reads and writes get that error as a SystemError", () =>
  withContext(async (ioc) => {
    const { pair, ns } = await pairWithUnderlying(ioc);
    try {
      const pending = pair.socket.asyncReadSome(new Uint8Array(8), asTuple(useFuture));
      const failure = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
      ns.destroy(failure);
      const [err] = await pending;
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      expect((err as Error).cause).toBe(failure);
      const [again] = await pair.socket.asyncReadSome(new Uint8Array(8), asTuple(useFuture));
      expect(errorIs(again, errors.connectionReset)).toBe(true);
      const [writeErr] = await pair.socket.asyncWriteSome(bytes('x'), asTuple(useFuture));
      expect(errorIs(writeErr, errors.connectionReset)).toBe(true);
      // The socket is still open for Asio's rules until close(), which is quiet.
      expect(pair.socket.isOpen()).toBe(true);
      pair.socket.close();
      expect(pair.socket.isOpen()).toBe(false);
    } finally {
      pair.close();
    }
  }));
