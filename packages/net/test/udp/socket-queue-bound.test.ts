/**
 * udp.Socket with no receive pending: the datagrams that arrive meanwhile are kept up to the
 * socket's receive buffer size (SO_RCVBUF, as the kernel keeps them) and the rest dropped; an
 * error Node reports meanwhile goes to the next receive, once. Real datagrams on 127.0.0.1.
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { errorIs, errors, IoContext, useFuture } from '@asio-ts/core';
import { udp } from '@asio-ts/net';
import { bytes, text } from '../helpers/probe.js';
import { sleep, withContext } from '../helpers/node-peer.js';
import { withUnderlying } from '../helpers/underlying.js';

const loopback = (port = 0): udp.Endpoint => new udp.Endpoint('127.0.0.1', port);

/** What a fresh dgram socket reports as its receive buffer: the bound of the queue. */
async function receiveBufferSize(): Promise<number> {
  const probe = dgram.createSocket('udp4');
  probe.bind(0, '127.0.0.1');
  await once(probe, 'listening');
  const size = probe.getRecvBufferSize();
  probe.close();
  return size;
}

test('datagrams that arrive with no receive pending are kept up to SO_RCVBUF bytes, the first ones, and the rest dropped', () =>
  withContext(async (ioc) => {
    const limit = await receiveBufferSize();
    const size = 1024;
    const fit = Math.floor(limit / size);
    const a = new udp.Socket(ioc, loopback());
    const peer = dgram.createSocket('udp4');
    try {
      const port = a.localEndpoint().port;
      // Paced, so that Node takes every datagram from the kernel (none is dropped there).
      for (let i = 0; i < fit + 64; i++) {
        const d = Buffer.alloc(size);
        d.writeUInt32BE(i);
        peer.send(d, port, '127.0.0.1');
        if (i % 8 === 7) await sleep(1);
      }
      await sleep(100);
      const buf = new Uint8Array(size);
      const view = new DataView(buf.buffer);
      for (let i = 0; i < fit; i++) {
        const [n] = await a.asyncReceiveFrom(buf, useFuture);
        expect([n, view.getUint32(0)]).toEqual([size, i]);
      }
      // Nothing else was kept: the next receive waits for the next datagram.
      const next = a.asyncReceiveFrom(buf, useFuture);
      await sleep(20);
      peer.send('late', port, '127.0.0.1');
      const [n] = await next;
      expect(text(buf.subarray(0, n))).toBe('late');
    } finally {
      a.close();
      peer.close();
    }
  }));

test('an error Node reports with no receive pending completes the next receive, once; the socket goes on receiving', () =>
  withContext(async (ioc) => {
    const [a, underlying] = await withUnderlying<udp.Socket, dgram.Socket>(dgram.Socket, 'error', () => new udp.Socket(ioc, loopback()));
    const b = new udp.Socket(ioc, loopback());
    try {
      const failure = Object.assign(new Error('recvmsg ENOBUFS'), { code: 'ENOBUFS', errno: -105, syscall: 'recvmsg' });
      underlying.emit('error', failure);
      const buf = new Uint8Array(8);
      const first = await new Promise<[unknown, number, udp.Endpoint]>((resolve) => a.asyncReceiveFrom(buf, (err, n, sender) => resolve([err, n, sender])));
      expect(errorIs(first[0], errors.noBufferSpace)).toBe(true);
      expect((first[0] as Error).cause).toBe(failure);
      expect([first[1], first[2].toString()]).toEqual([0, '0.0.0.0:0']);
      await b.asyncSendTo(bytes('after'), a.localEndpoint(), useFuture);
      const [n, sender] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, n))).toBe('after');
      expect(sender.equals(b.localEndpoint())).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  }));

test('protocolOrEndpoint that is neither a udp protocol nor a udp endpoint is a TypeError naming it', () => {
  const ioc = new IoContext();
  expect(() => new udp.Socket(ioc, 'udp4' as never)).toThrow(TypeError);
  expect(() => new udp.Socket(ioc, 'udp4' as never)).toThrow(/^protocolOrEndpoint must be udp.v4\(\), udp.v6\(\) or a udp.Endpoint, got /);
});
