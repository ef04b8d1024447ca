/**
 * udp.Socket on 127.0.0.1 (and ::1): datagrams with their sender, truncation to the buffers,
 * the queue of datagrams that arrive with no receive pending, FIFO receives, implicit binds and
 * bind failures. Cancellation and close: socket-close.test.ts; zones: socket-zones.test.ts.
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import {
  asTuple,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { netErrors, udp } from '@asio-ts/net';
import { bytes, text } from '../helpers/probe.js';
import { hasIpv6Loopback, sleep, withContext } from '../helpers/node-peer.js';

const loopback = (port = 0): udp.Endpoint => new udp.Endpoint('127.0.0.1', port);

test('a datagram and its sender, both ways; bind is synchronous and localEndpoint has the port', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, udp.v4());
    try {
      expect(a.localEndpoint().port).toBeGreaterThan(0);
      expect(b.localEndpoint().toString()).toBe('0.0.0.0:0');
      b.bind(loopback());
      expect(await b.asyncSendTo(bytes('ping'), a.localEndpoint(), useFuture)).toBe(4);
      const buf = new Uint8Array(16);
      const [n, sender] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, n))).toBe('ping');
      expect(sender.equals(b.localEndpoint())).toBe(true);
      expect(sender).toBeInstanceOf(udp.Endpoint);
      await a.asyncSendTo([bytes('po'), bytes('ng')], sender, useFuture);
      const [m, from] = await b.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, m))).toBe('pong');
      expect(from.equals(a.localEndpoint())).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  }));

test('an ArrayBuffer or a DataView is sent and received into as bytes, as io takes them', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    try {
      expect(await b.asyncSendTo(bytes('data').buffer as unknown as Uint8Array, a.localEndpoint(), useFuture)).toBe(4);
      const memory = new ArrayBuffer(8);
      const [n] = await a.asyncReceiveFrom(new DataView(memory, 2, 6) as unknown as Uint8Array, useFuture);
      expect(n).toBe(4);
      expect(text(new Uint8Array(memory, 2, 4))).toBe('data');
    } finally {
      a.close();
      b.close();
    }
  }));

test('a send to port 0 fails with invalidArgument (what Linux sendto gives), a SystemError', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    try {
      const [err, n] = await a.asyncSendTo(bytes('x'), loopback(0), asTuple(useFuture));
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.invalidArgument)).toBe(true);
      expect(n).toBe(0);
    } finally {
      a.close();
    }
  }));

test('a send on an unbound socket binds it (the sender has a port)', () =>
  withContext(async (ioc) => {
    const receiver = new udp.Socket(ioc, loopback());
    const sender = new udp.Socket(ioc, udp.v4());
    try {
      await sender.asyncSendTo(bytes('x'), receiver.localEndpoint(), useFuture);
      expect(sender.localEndpoint().port).toBeGreaterThan(0);
      const [, from] = await receiver.asyncReceiveFrom(new Uint8Array(1), useFuture);
      expect(from.port).toBe(sender.localEndpoint().port);
    } finally {
      receiver.close();
      sender.close();
    }
  }));

test('a send whose implicit bind fails completes with the bind\'s error; the next send binds', () =>
  withContext(async (ioc) => {
    const receiver = new udp.Socket(ioc, loopback());
    const sender = new udp.Socket(ioc, udp.v4());
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeDgram = require('node:dgram') as typeof dgram;
    const bind = jest.spyOn(nodeDgram.Socket.prototype, 'bind').mockImplementationOnce(function (this: dgram.Socket) {
      this.emit('error', Object.assign(new Error('bind EADDRNOTAVAIL 0.0.0.0'), { code: 'EADDRNOTAVAIL' }));
      return this;
    });
    try {
      const [err, n] = await sender.asyncSendTo(bytes('x'), receiver.localEndpoint(), asTuple(useFuture));
      expect([errorIs(err, netErrors.addressNotAvailable), n]).toEqual([true, 0]);
      bind.mockRestore();
      expect(await sender.asyncSendTo(bytes('y'), receiver.localEndpoint(), useFuture)).toBe(1);
      const buf = new Uint8Array(1);
      await receiver.asyncReceiveFrom(buf, useFuture);
      expect(text(buf)).toBe('y');
    } finally {
      jest.restoreAllMocks();
      receiver.close();
      sender.close();
    }
  }));

test('a datagram larger than the buffers is truncated to them; the rest is gone (Asio on POSIX)', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    try {
      await b.asyncSendTo(bytes('0123456789'), a.localEndpoint(), useFuture);
      await b.asyncSendTo(bytes('next'), a.localEndpoint(), useFuture);
      const first = new Uint8Array(3);
      const second = new Uint8Array(2);
      const [n] = await a.asyncReceiveFrom([first, second], useFuture);
      expect(n).toBe(5);
      expect(text(first) + text(second)).toBe('01234');
      const buf = new Uint8Array(16);
      const [m] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, m))).toBe('next');
    } finally {
      a.close();
      b.close();
    }
  }));

test('an empty datagram is a datagram; a receive into no bytes waits for one and takes it', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    try {
      expect(await b.asyncSendTo([], a.localEndpoint(), useFuture)).toBe(0);
      const [n, from] = await a.asyncReceiveFrom(new Uint8Array(8), useFuture);
      expect(n).toBe(0);
      expect(from.equals(b.localEndpoint())).toBe(true);
      // A receive into no bytes still waits for a datagram and takes it (Asio's datagram socket
      // does not complete a zero-size receive at once, as a stream socket does).
      const zero = a.asyncReceiveFrom(new Uint8Array(0), useFuture);
      let settled = false;
      void zero.then(() => (settled = true));
      await sleep(20);
      expect(settled).toBe(false);
      await b.asyncSendTo(bytes('first'), a.localEndpoint(), useFuture);
      await b.asyncSendTo(bytes('second'), a.localEndpoint(), useFuture);
      expect((await zero)[0]).toBe(0);
      const buf = new Uint8Array(8);
      const [m] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, m))).toBe('second');
    } finally {
      a.close();
      b.close();
    }
  }));

test('datagrams arriving with no receive pending are queued, in order, for the next receives', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const peer = dgram.createSocket('udp4');
    try {
      for (let i = 0; i < 50; i++) peer.send(`d${i}`, a.localEndpoint().port, '127.0.0.1');
      await sleep(100);
      const buf = new Uint8Array(8);
      for (let i = 0; i < 50; i++) {
        const [n] = await a.asyncReceiveFrom(buf, useFuture);
        expect(text(buf.subarray(0, n))).toBe(`d${i}`);
      }
    } finally {
      a.close();
      peer.close();
    }
  }));

test('several pending receives take datagrams in order; none completes inside asyncReceiveFrom', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    try {
      const bufs = [new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)];
      const pending = bufs.map((buf) => a.asyncReceiveFrom(buf, useFuture));
      for (const s of ['one', 'two', 'six']) await b.asyncSendTo(bytes(s), a.localEndpoint(), useFuture);
      const results = await Promise.all(pending);
      expect(results.map(([n], i) => text(bufs[i]!.subarray(0, n)))).toEqual(['one', 'two', 'six']);
      // Queued now: still never inside the call.
      await b.asyncSendTo(bytes('q'), a.localEndpoint(), useFuture);
      await sleep(20);
      let inside = true;
      const ran = new Promise<boolean>((resolve) => a.asyncReceiveFrom(new Uint8Array(1), () => resolve(inside)));
      inside = false;
      expect(await ran).toBe(false);
    } finally {
      a.close();
      b.close();
    }
  }));

test('bind failures throw: a port in use (addressInUse), bound twice (invalidArgument), the other IP version as Linux answers bind(2)', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, udp.v4());
    try {
      let thrown: unknown;
      try {
        b.bind(a.localEndpoint());
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(SystemError);
      expect(errorIs(thrown, netErrors.addressInUse)).toBe(true);
      b.bind(loopback());
      expect(() => b.bind(loopback())).toThrow(expect.objectContaining({ code: errors.invalidArgument.code }));
      expect(() => a.bind(new udp.Endpoint('::1', 0))).toThrow(expect.objectContaining({ code: netErrors.addressFamilyNotSupported.code }));
      const six = new udp.Socket(ioc, udp.v6());
      expect(() => six.bind(loopback())).toThrow(expect.objectContaining({ code: errors.invalidArgument.code }));
      six.close();
      expect(() => a.open()).toThrow(expect.objectContaining({ code: errors.alreadyOpen.code }));
    } finally {
      a.close();
      b.close();
    }
  }));

test('a datagram too large for UDP: messageSize from the send, never a throw', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    try {
      const [err, n] = await a.asyncSendTo(new Uint8Array(70_000), a.localEndpoint(), asTuple(useFuture));
      expect(errorIs(err, errors.messageSize)).toBe(true);
      expect(n).toBe(0);
    } finally {
      a.close();
    }
  }));

test('a pending receive holds work: run() lasts until a datagram comes', async () => {
  const ioc = new IoContext();
  const a = new udp.Socket(ioc, loopback());
  const peer = dgram.createSocket('udp4');
  let got = -1;
  a.asyncReceiveFrom(new Uint8Array(8), (err, n) => {
    expect(err).toBeNull();
    got = n;
  });
  setTimeout(() => peer.send('late', a.localEndpoint().port, '127.0.0.1'), 100);
  await ioc.run();
  expect(got).toBe(4);
  a.close();
  peer.close();
  await once(peer, 'close');
});

test('IPv6 loopback', async () => {
  if (!(await hasIpv6Loopback())) return console.warn('skipped: no ::1 on this host');
  await withContext(async (ioc) => {
    const a = new udp.Socket(ioc, new udp.Endpoint('::1', 0));
    const b = new udp.Socket(ioc, new udp.Endpoint(udp.v6(), 0));
    try {
      await b.asyncSendTo(bytes('six'), a.localEndpoint(), useFuture);
      const buf = new Uint8Array(4);
      const [n, from] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, n))).toBe('six');
      expect(from.address).toBe('::1');
      expect(from.port).toBe(b.localEndpoint().port);
    } finally {
      a.close();
      b.close();
    }
  });
});

test('the other IP version, as the kernel: a v4 socket to a v6 endpoint fails with addressFamilyNotSupported; a v6 socket reaches a v4 endpoint', async () => {
  if (!(await hasIpv6Loopback())) return console.warn('skipped: no IPv6 on this host');
  await withContext(async (ioc) => {
    const v4 = new udp.Socket(ioc, loopback());
    const v6 = new udp.Socket(ioc, udp.v6());
    try {
      const [err, n] = await v4.asyncSendTo(bytes('x'), new udp.Endpoint('::1', 9), asTuple(useFuture));
      expect([errorIs(err, netErrors.addressFamilyNotSupported), n]).toEqual([true, 0]);
      expect(await v6.asyncSendTo(bytes('mapped'), v4.localEndpoint(), useFuture)).toBe(6);
      const buf = new Uint8Array(8);
      const [m] = await v4.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, m))).toBe('mapped');
    } finally {
      v4.close();
      v6.close();
    }
  });
});
