/**
 * A tcp.Socket whose net.Socket Node destroys without telling it first (no 'end', no 'error'
 * before 'close'; or with an error of its own): the pending read completes once, with
 * connectionAborted or that error, later reads and writes fail at once the same way (a write on
 * a destroyed socket with no error of its own is a broken pipe), never inside their call, and
 * close() afterwards is quiet. The net.Socket is the real one under the tcp.Socket (found
 * through its 'data' listener), against a real peer.
 */
import * as net from 'node:net';
import { errorIs, errors } from '@asio-ts/core';
import { connectedPair, withContext } from '../helpers/node-peer.js';
import { bytes, probe } from '../helpers/probe.js';
import { withUnderlying } from '../helpers/underlying.js';

/** The net.Socket under a tcp.Socket: the one its connection put a 'data' listener on. */
async function pairWithUnderlying(ioc: Parameters<Parameters<typeof withContext>[0]>[0]): Promise<{ pair: Awaited<ReturnType<typeof connectedPair>>; ns: net.Socket }> {
  const [pair, ns] = await withUnderlying<Awaited<ReturnType<typeof connectedPair>>, net.Socket>(net.Socket, 'data', () => connectedPair(ioc));
  return { pair, ns };
}

/** An operation's outcome and how often its handler ran (`probe` fails a run inside the call). */
async function outcome(start: (handler: (err: unknown, n: number) => void) => void): Promise<{ err: unknown; n: number; calls: number }> {
  const p = probe<[unknown, number]>();
  p.start(() => start(p.handler));
  const [err, n] = await p.done;
  await new Promise((r) => setTimeout(r, 20));
  return { err, n, calls: p.calls.length };
}

test('destroyed with no error: the pending read and later ones get connectionAborted, a write a broken pipe', () =>
  withContext(async (ioc) => {
    const { pair, ns } = await pairWithUnderlying(ioc);
    try {
      const pending = outcome((h) => pair.socket.asyncReadSome(new Uint8Array(8), h));
      ns.destroy();
      const { err, n, calls } = await pending;
      expect(errorIs(err, errors.connectionAborted)).toBe(true);
      expect((err as Error).message).toMatch(/the socket was destroyed/);
      expect([n, calls]).toEqual([0, 1]);
      const read = await outcome((h) => pair.socket.asyncReadSome(new Uint8Array(8), h));
      expect(read).toMatchObject({ n: 0, calls: 1 });
      expect(errorIs(read.err, errors.connectionAborted)).toBe(true);
      const write = await outcome((h) => pair.socket.asyncWriteSome(bytes('x'), h));
      expect(write).toMatchObject({ n: 0, calls: 1 });
      expect(errorIs(write.err, errors.brokenPipe)).toBe(true);
    } finally {
      pair.close();
    }
  }));

test("destroyed with an error of Node's: reads and writes get that error as a SystemError", () =>
  withContext(async (ioc) => {
    const { pair, ns } = await pairWithUnderlying(ioc);
    try {
      const pending = outcome((h) => pair.socket.asyncReadSome(new Uint8Array(8), h));
      const failure = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
      ns.destroy(failure);
      const { err, calls } = await pending;
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      expect((err as Error).cause).toBe(failure);
      expect(calls).toBe(1);
      const read = await outcome((h) => pair.socket.asyncReadSome(new Uint8Array(8), h));
      expect(read).toMatchObject({ calls: 1 });
      expect(errorIs(read.err, errors.connectionReset)).toBe(true);
      const write = await outcome((h) => pair.socket.asyncWriteSome(bytes('x'), h));
      expect(write).toMatchObject({ calls: 1 });
      expect(errorIs(write.err, errors.connectionReset)).toBe(true);
      // The socket is still open for Asio's rules until close(), which is quiet.
      expect(pair.socket.isOpen()).toBe(true);
      pair.socket.close();
      expect(pair.socket.isOpen()).toBe(false);
    } finally {
      pair.close();
    }
  }));
