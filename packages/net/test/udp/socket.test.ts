/**
 * udp.Socket on 127.0.0.1 (and ::1): datagrams with their sender, truncation to the buffers,
 * the queue of datagrams that arrive with no receive pending, FIFO receives, bind failures,
 * cancellation and close.
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
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
import { netErrors, udp } from '@asio-ts/net';
import { literalLookup } from '../../src/detail/literal-lookup.js';
import { hasIpv6Loopback, sleep, withContext } from '../helpers/node-peer.js';

const loopback = (port = 0): udp.Endpoint => new udp.Endpoint('127.0.0.1', port);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

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

test('an empty datagram is a datagram', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    try {
      expect(await b.asyncSendTo([], a.localEndpoint(), useFuture)).toBe(0);
      const [n, from] = await a.asyncReceiveFrom(new Uint8Array(8), useFuture);
      expect(n).toBe(0);
      expect(from.equals(b.localEndpoint())).toBe(true);
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

test('cancel(): pending receives complete with operationAborted; no datagram is lost', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    try {
      const pending = a.asyncReceiveFrom(new Uint8Array(8), asTuple(useFuture));
      a.cancel();
      const [err, n, sender] = await pending;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(n).toBe(0);
      expect(sender.toString()).toBe('0.0.0.0:0');
      await b.asyncSendTo(bytes('kept'), a.localEndpoint(), useFuture);
      const buf = new Uint8Array(8);
      const [m] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, m))).toBe('kept');
    } finally {
      a.close();
      b.close();
    }
  }));

test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])('slot cancellation (%i) of a receive', (type) =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    try {
      const signal = new CancellationSignal();
      const pending = a.asyncReceiveFrom(new Uint8Array(8), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
      signal.emit(type);
      const [err] = await pending;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(signal.slot().hasHandler()).toBe(false);
    } finally {
      a.close();
    }
  }));

test('close(): pending receives aborted; later operations badDescriptor; close twice is fine', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const pending = a.asyncReceiveFrom(new Uint8Array(8), asTuple(useFuture));
    a.close();
    a.close();
    const [err] = await pending;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(a.isOpen()).toBe(false);
    const [sendErr] = await a.asyncSendTo(bytes('x'), loopback(9), asTuple(useFuture));
    const [receiveErr] = await a.asyncReceiveFrom(new Uint8Array(1), asTuple(useFuture));
    expect(errorIs(sendErr, errors.badDescriptor) && errorIs(receiveErr, errors.badDescriptor)).toBe(true);
    expect(() => a.localEndpoint()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    expect(() => a.cancel()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    expect(() => a.bind(loopback())).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
  }));

test('close() then open(): a late event of the old dgram socket does not reach the new one', () =>
  withContext(async (ioc) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeDgram = require('node:dgram') as typeof dgram;
    const made: dgram.Socket[] = [];
    const realCreateSocket = nodeDgram.createSocket;
    jest.spyOn(nodeDgram, 'createSocket').mockImplementation(((options: dgram.SocketOptions) => {
      const socket = realCreateSocket(options);
      made.push(socket);
      return socket;
    }) as typeof dgram.createSocket);
    const a = new udp.Socket(ioc, loopback());
    const b = new udp.Socket(ioc, loopback());
    jest.restoreAllMocks();
    try {
      const old = made[0]!;
      a.close();
      a.open();
      a.bind(loopback());
      const receive = a.asyncReceiveFrom(new Uint8Array(8), asTuple(useFuture));
      old.emit('error', Object.assign(new Error('recvmsg ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      old.emit('listening');
      old.emit('message', Buffer.from('stale'), { address: '127.0.0.1', port: 9, family: 'IPv4', size: 5 });
      await b.asyncSendTo(bytes('fresh'), a.localEndpoint(), useFuture);
      const [err, n, from] = await receive;
      expect([err, n, from.equals(b.localEndpoint())]).toEqual([null, 5, true]);
      // Nor is the stale error kept for a later receive.
      await b.asyncSendTo(bytes('again'), a.localEndpoint(), useFuture);
      const [err2, m] = await a.asyncReceiveFrom(new Uint8Array(8), asTuple(useFuture));
      expect([err2, m]).toEqual([null, 5]);
    } finally {
      a.close();
      b.close();
    }
  }));

test('bind failures throw: a port in use (addressInUse), bound twice and the other IP version (invalidArgument)', () =>
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
      expect(() => a.bind(new udp.Endpoint('::1', 0))).toThrow(expect.objectContaining({ code: errors.invalidArgument.code }));
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

test('close() with a send in flight completes it exactly once', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const calls: unknown[][] = [];
    const done = new Promise<void>((resolve) =>
      a.asyncSendTo(bytes('bye'), a.localEndpoint(), (...args) => {
        calls.push(args);
        resolve();
      }),
    );
    a.close();
    await done;
    await sleep(20);
    expect(calls.length).toBe(1);
  }));

test('close() right after a send the kernel took: the send reports its bytes, and the datagram arrives', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, udp.v4());
    const b = new udp.Socket(ioc, loopback());
    try {
      const first = a.asyncSendTo(bytes('bye'), b.localEndpoint(), asTuple(useFuture)); // binds a
      const second = a.asyncSendTo(bytes('now'), b.localEndpoint(), asTuple(useFuture));
      a.close();
      expect(await first).toEqual([null, 3]);
      expect(await second).toEqual([null, 3]);
      const buf = new Uint8Array(8);
      const [n] = await b.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, n))).toBe('bye');
    } finally {
      b.close();
    }
  }));

test('lookups answer within the call, so Node never queues a send for its bind: literals, also a zone isIP refuses', () => {
  const answers: unknown[][] = [];
  for (const host of ['127.0.0.1', '::1', 'fe80::1%eth0', 'fe80::1%docker_gwbridge']) literalLookup(host, 0, (...args) => answers.push(args));
  expect(answers).toEqual([
    [null, '127.0.0.1', 4],
    [null, '::1', 6],
    [null, 'fe80::1%eth0', 6],
    [null, 'fe80::1%docker_gwbridge', 6],
  ]);
});

test('terminal slot cancellation of a send closes the socket; partial and total leave it alone', () =>
  withContext(async (ioc) => {
    const a = new udp.Socket(ioc, loopback());
    const signal = new CancellationSignal();
    const kept = a.asyncSendTo(bytes('x'), a.localEndpoint(), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    signal.emit(CancellationType.Partial | CancellationType.Total);
    expect(a.isOpen()).toBe(true);
    expect(await kept).toEqual([null, 1]);
    const calls: [boolean | null, number][] = [];
    const cut = new Promise<void>((resolve) =>
      a.asyncSendTo(bytes('y'), a.localEndpoint(), bindCancellationSlot(signal.slot(), (err: SystemError | null, n: number) => {
        calls.push([err === null ? null : errorIs(err, errors.operationAborted), n]);
        resolve();
      })),
    );
    signal.emit(CancellationType.Terminal);
    expect(a.isOpen()).toBe(false);
    await cut;
    await sleep(20);
    // Sent when libuv took the datagram at once, else aborted in its queue: once, either way.
    expect(calls.length).toBe(1);
    expect([[null, 1], [true, 0]]).toContainEqual(calls[0]);
    expect(signal.slot().hasHandler()).toBe(false);
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

test('a link-local address: its zone is the interface index, and Node still binds and sends to it', async () => {
  const scoped = Object.entries(networkInterfaces()).flatMap(([name, entries]) =>
    (entries ?? []).filter((e) => e.family === 'IPv6' && e.scopeid !== undefined && e.scopeid > 0).map((e) => ({ name, address: e.address, scopeid: e.scopeid! })),
  )[0];
  if (scoped === undefined) return console.warn('skipped: no link-local IPv6 address on this host');
  await withContext(async (ioc) => {
    const a = new udp.Socket(ioc, new udp.Endpoint(`${scoped.address}%${scoped.name}`, 0));
    try {
      const local = a.localEndpoint();
      expect(local.address).toBe(`${scoped.address}%${scoped.scopeid}`);
      expect(local.equals(new udp.Endpoint(`${scoped.address}%${scoped.name}`, local.port))).toBe(true);
      expect(await a.asyncSendTo(bytes('zone'), local, useFuture)).toBe(4);
      const buf = new Uint8Array(8);
      const [n, from] = await a.asyncReceiveFrom(buf, useFuture);
      expect(text(buf.subarray(0, n))).toBe('zone');
      expect(from.equals(local)).toBe(true);
    } finally {
      a.close();
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
