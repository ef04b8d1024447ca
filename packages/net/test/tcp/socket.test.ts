/**
 * tcp.Socket against a real peer (Node's net on 127.0.0.1): connect, the read and write paths,
 * backpressure, eof, reset, half-close, cancellation of each operation (cancel(), close() and
 * the per-operation slot), the completion rules and work.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import {
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  coSpawn,
  errorIs,
  errors,
  IoContext,
  makeStrand,
  SystemError,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { netErrors, tcp } from '@asio-ts/net';
import { closedPort, connectedPair, hasIpv6Loopback, readAll, sleep, turn, withContext } from '../helpers/node-peer.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A handler that records its arguments and whether it ran inside the initiating call. */
function probe<A extends unknown[]>() {
  let inside = false;
  let resolve!: (a: A) => void;
  const done = new Promise<A>((r) => (resolve = r));
  const calls: A[] = [];
  const handler = (...args: A): void => {
    if (inside) throw new Error('handler ran inside the initiating call');
    calls.push(args);
    resolve(args);
  };
  return {
    handler,
    done,
    calls,
    /** Run the initiating call with `inside` set, so the handler can tell. */
    start(fn: () => void): void {
      inside = true;
      try {
        fn();
      } finally {
        inside = false;
      }
    },
  };
}

describe('connect', () => {
  test('connects; the endpoints are the two ends of the connection', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const { socket, peer } = pair;
        expect(socket.isOpen()).toBe(true);
        expect(socket.remoteEndpoint().equals(new tcp.Endpoint('127.0.0.1', peer.localPort!))).toBe(true);
        expect(socket.localEndpoint().equals(new tcp.Endpoint('127.0.0.1', peer.remotePort!))).toBe(true);
        expect(socket.localEndpoint().protocol()).toBe(tcp.v4());
      } finally {
        pair.close();
      }
    }));

  test('the handler runs on the context, never inside asyncConnect, and the connect holds work', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    server.on('connection', (s) => s.destroy());
    const ioc = new IoContext();
    const socket = new tcp.Socket(ioc);
    const p = probe<[SystemError | null]>();
    p.start(() => socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), p.handler));
    expect(p.calls).toEqual([]);
    // run() lasts until the connect completed: it held work.
    await ioc.run();
    expect(p.calls).toEqual([[null]]);
    socket.close();
    server.close();
  });

  test('a closed port: connectionRefused; the socket stays open and can connect again', () =>
    withContext(async (ioc) => {
      const socket = new tcp.Socket(ioc);
      const [err] = await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', await closedPort()), asTuple(useFuture));
      expect(errorIs(err, errors.connectionRefused)).toBe(true);
      expect(err).toBeInstanceOf(SystemError);
      expect(socket.isOpen()).toBe(true);
      expect(() => socket.remoteEndpoint()).toThrow(expect.objectContaining({ code: errors.notConnected.code }));
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      server.on('connection', (s) => s.destroy());
      await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), useFuture);
      socket.close();
      server.close();
    }));

  test('port 0 is refused, as the kernel would', () =>
    withContext(async (ioc) => {
      const [err] = await new tcp.Socket(ioc).asyncConnect(new tcp.Endpoint('127.0.0.1', 0), asTuple(useFuture));
      expect(errorIs(err, errors.connectionRefused)).toBe(true);
    }));

  test('a second connect while one is in flight: alreadyStarted; once connected: alreadyConnected', () =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      server.on('connection', (s) => s.on('error', () => {}));
      const to = new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port);
      const socket = new tcp.Socket(ioc);
      const first = socket.asyncConnect(to, asTuple(useFuture));
      const [second] = await socket.asyncConnect(to, asTuple(useFuture));
      expect(errorIs(second, errors.alreadyStarted)).toBe(true);
      expect(await first).toEqual([null]);
      const [third] = await socket.asyncConnect(to, asTuple(useFuture));
      expect(errorIs(third, netErrors.alreadyConnected)).toBe(true);
      socket.close();
      server.close();
    }));

  test('open(v6) then a v4 endpoint: addressFamilyNotSupported; open twice throws alreadyOpen', () =>
    withContext(async (ioc) => {
      const socket = new tcp.Socket(ioc, tcp.v6());
      expect(() => socket.open()).toThrow(expect.objectContaining({ code: errors.alreadyOpen.code }));
      const [err] = await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', 1), asTuple(useFuture));
      expect(errorIs(err, netErrors.addressFamilyNotSupported)).toBe(true);
      expect(socket.localEndpoint().toString()).toBe('[::]:0');
      socket.close();
    }));

  test('IPv6 loopback', async () => {
    if (!(await hasIpv6Loopback())) return console.warn('skipped: no ::1 on this host');
    await withContext(async (ioc) => {
      const pair = await connectedPair(ioc, '::1');
      try {
        expect(pair.socket.remoteEndpoint().toString()).toBe(`[::1]:${pair.peer.localPort}`);
        expect(pair.socket.localEndpoint().family).toBe(6);
        await asyncWrite(pair.socket, bytes('six'), useFuture);
        const got = once(pair.peer, 'data');
        expect(text((await got)[0] as Buffer)).toBe('six');
      } finally {
        pair.close();
      }
    });
  });

  test('cancel() of a connect in flight: operationAborted (queued, not inside cancel()); the socket stays open', () =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      const socket = new tcp.Socket(ioc);
      const p = probe<[SystemError | null]>();
      socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), p.handler);
      p.start(() => socket.cancel());
      const [err] = await p.done;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(socket.isOpen()).toBe(true);
      // And it can connect afterwards.
      await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), useFuture);
      socket.close();
      server.close();
    }));

  test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])('slot cancellation (%i) of a connect: operationAborted, slot released', (type) =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      const signal = new CancellationSignal();
      const socket = new tcp.Socket(ioc);
      const done = socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
      expect(signal.slot().hasHandler()).toBe(true);
      signal.emit(type);
      const [err] = await done;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(signal.slot().hasHandler()).toBe(false);
      expect(socket.isOpen()).toBe(true);
      socket.close();
      server.close();
    }));

  test('close() of a connect in flight: operationAborted, the socket closed', () =>
    withContext(async (ioc) => {
      const server = net.createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      const socket = new tcp.Socket(ioc);
      const done = socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), asTuple(useFuture));
      socket.close();
      const [err] = await done;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(socket.isOpen()).toBe(false);
      server.close();
    }));
});

describe('reads', () => {
  test('bytes the peer sent, at most the buffer; the rest stays for the next read', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.write('hello, world');
        const small = new Uint8Array(5);
        const n = await pair.socket.asyncReadSome(small, useFuture);
        expect(text(small.subarray(0, n))).toBe('hello');
        const big = new Uint8Array(100);
        const m = await pair.socket.asyncReadSome(big, useFuture);
        expect(text(big.subarray(0, m))).toBe(', world');
      } finally {
        pair.close();
      }
    }));

  test('a buffer sequence is filled in order', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.write('abcdefgh');
        const a = new Uint8Array(3);
        const b = new Uint8Array(0);
        const c = new Uint8Array(3);
        const n = await pair.socket.asyncReadSome([a, b, c], useFuture);
        expect(n).toBe(6);
        expect(text(a) + text(c)).toBe('abcdef');
        const rest = new Uint8Array(8);
        expect(await pair.socket.asyncReadSome(rest, useFuture)).toBe(2);
      } finally {
        pair.close();
      }
    }));

  test('peer close: the data, then eof (with no byte), eof again on later reads', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.end('last');
        const buf = new Uint8Array(64);
        let got = '';
        for (;;) {
          const [err, n] = await pair.socket.asyncReadSome(buf, asTuple(useFuture));
          if (err !== null) {
            expect(errorIs(err, errors.eof)).toBe(true);
            expect(n).toBe(0);
            break;
          }
          got += text(buf.subarray(0, n));
        }
        expect(got).toBe('last');
        const [again] = await pair.socket.asyncReadSome(buf, asTuple(useFuture));
        expect(errorIs(again, errors.eof)).toBe(true);
      } finally {
        pair.close();
      }
    }));

  test('peer reset: connectionReset', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const pending = pair.socket.asyncReadSome(new Uint8Array(16), asTuple(useFuture));
        await turn();
        pair.peer.resetAndDestroy();
        const [err, n] = await pending;
        expect(errorIs(err, errors.connectionReset)).toBe(true);
        expect(n).toBe(0);
      } finally {
        pair.close();
      }
    }));

  test('backpressure: with no read in flight the socket stops pulling and the peer is held back', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const size = 48 * 1024 * 1024;
        let flushed = false;
        pair.peer.write(Buffer.alloc(size, 7), () => (flushed = true));
        await sleep(300);
        // Kernel buffers on both sides and Node's read-ahead hold a few MB at most.
        expect(flushed).toBe(false);
        const unsent = pair.peer.writableLength;
        expect(unsent).toBeGreaterThan(size / 2);
        // One read takes what is there; the peer does not drain while nothing reads.
        const buf = new Uint8Array(1 << 20);
        const n = await pair.socket.asyncReadSome(buf, useFuture);
        expect(n).toBeGreaterThan(0);
        await sleep(100);
        expect(pair.peer.writableLength).toBeGreaterThan(size / 2);
        // Reading on drains it all, every byte 7.
        const sevens = Buffer.alloc(buf.length, 7);
        let total = n;
        while (total < size) {
          const m = await pair.socket.asyncReadSome(buf, useFuture);
          if (!sevens.subarray(0, m).equals(buf.subarray(0, m))) throw new Error('a byte changed');
          total += m;
        }
        expect(total).toBe(size);
        await sleep(10);
        expect(flushed).toBe(true);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('a second read while one is pending: alreadyStarted, the first unaffected', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const first = pair.socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
        const [err, n] = await pair.socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
        expect(errorIs(err, errors.alreadyStarted)).toBe(true);
        expect(n).toBe(0);
        pair.peer.write('four');
        expect(await first).toEqual([null, 4]);
      } finally {
        pair.close();
      }
    }));

  test('cancel() of a pending read: operationAborted, queued; no byte lost, the connection usable', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const buf = new Uint8Array(4);
        const p = probe<[SystemError | null, number]>();
        pair.socket.asyncReadSome(buf, p.handler);
        await turn();
        p.start(() => pair.socket.cancel());
        // Bytes sent right after the cancellation arrive in the next read.
        pair.peer.write('after');
        const [err, n] = await p.done;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(n).toBe(0);
        let got = '';
        while (got.length < 5) {
          const m = await pair.socket.asyncReadSome(buf, useFuture);
          got += text(buf.subarray(0, m));
        }
        expect(got).toBe('after');
      } finally {
        pair.close();
      }
    }));

  test('cancel() right as bytes arrive: every byte is read exactly once over many rounds', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const sent: number[] = [];
        const received: number[] = [];
        const buf = new Uint8Array(3);
        for (let round = 0; round < 200; round++) {
          const pending = pair.socket.asyncReadSome(buf, asTuple(useFuture));
          const chunk = [round & 255, (round * 7) & 255, (round * 13) & 255, 1, 2];
          sent.push(...chunk);
          pair.peer.write(Buffer.from(chunk));
          if (round % 3 === 0) await turn();
          pair.socket.cancel();
          const [err, n] = await pending;
          if (err === null) received.push(...buf.subarray(0, n));
          else expect(errorIs(err, errors.operationAborted)).toBe(true);
        }
        pair.peer.end();
        for (;;) {
          const [err, n] = await pair.socket.asyncReadSome(buf, asTuple(useFuture));
          if (err !== null) break;
          received.push(...buf.subarray(0, n));
        }
        expect(received).toEqual(sent);
      } finally {
        pair.close();
      }
    }));

  test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])('slot cancellation (%i) of a read: operationAborted, nothing taken', (type) =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const signal = new CancellationSignal();
        const pending = pair.socket.asyncReadSome(new Uint8Array(8), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
        signal.emit(type);
        const [err] = await pending;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(signal.slot().hasHandler()).toBe(false);
        pair.peer.write('kept');
        const buf = new Uint8Array(8);
        const n = await pair.socket.asyncReadSome(buf, useFuture);
        expect(text(buf.subarray(0, n))).toBe('kept');
        expect(pair.socket.isOpen()).toBe(true);
      } finally {
        pair.close();
      }
    }));

  test('an empty buffer completes at once with 0, never inside the call', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const p = probe<[SystemError | null, number]>();
        p.start(() => pair.socket.asyncReadSome(new Uint8Array(0), p.handler));
        expect(await p.done).toEqual([null, 0]);
      } finally {
        pair.close();
      }
    }));

  test('a pending read holds work: run() lasts until it completes', async () => {
    const ioc = new IoContext();
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[net.Socket]>;
    const socket = new tcp.Socket(ioc);
    socket.asyncConnect(new tcp.Endpoint('127.0.0.1', (server.address() as net.AddressInfo).port), () => {});
    await ioc.run();
    const [peer] = await accepted;
    ioc.restart();
    const buf = new Uint8Array(8);
    let read = -1;
    socket.asyncReadSome(buf, (_err, n) => (read = n));
    setTimeout(() => peer.write('late'), 100);
    await ioc.run();
    expect(read).toBe(4);
    socket.close();
    peer.destroy();
    server.close();
  });

  test('the handler runs through its associated executor (a strand)', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const strand = makeStrand(ioc);
        pair.peer.write('x');
        const inStrand = await new Promise<boolean>((resolve) =>
          pair.socket.asyncReadSome(new Uint8Array(1), bindExecutor(strand, () => resolve(strand.runningInThisThread()))),
        );
        expect(inStrand).toBe(true);
      } finally {
        pair.close();
      }
    }));

  test('a closed socket: badDescriptor; an open, unconnected one: notConnected (reads and writes)', () =>
    withContext(async (ioc) => {
      const socket = new tcp.Socket(ioc);
      const [r1] = await socket.asyncReadSome(new Uint8Array(1), asTuple(useFuture));
      const [w1] = await socket.asyncWriteSome(new Uint8Array(1), asTuple(useFuture));
      expect(errorIs(r1, errors.badDescriptor) && errorIs(w1, errors.badDescriptor)).toBe(true);
      socket.open();
      const [r2] = await socket.asyncReadSome(new Uint8Array(1), asTuple(useFuture));
      const [w2] = await socket.asyncWriteSome(new Uint8Array(1), asTuple(useFuture));
      expect(errorIs(r2, errors.notConnected) && errorIs(w2, errors.notConnected)).toBe(true);
      expect(() => socket.shutdown('send')).toThrow(expect.objectContaining({ code: errors.notConnected.code }));
      expect(socket.localEndpoint().toString()).toBe('0.0.0.0:0');
      socket.close();
      expect(() => socket.localEndpoint()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
      expect(() => socket.cancel()).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
      expect(() => socket.setNoDelay(true)).toThrow(expect.objectContaining({ code: errors.badDescriptor.code }));
    }));
});

describe('writes', () => {
  test('asyncWriteSome and io asyncWrite (a buffer sequence, writev) reach the peer in order', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      const all = readAll(pair.peer);
      try {
        expect(await pair.socket.asyncWriteSome(bytes('one '), useFuture)).toBe(4);
        expect(await asyncWrite(pair.socket, [bytes('two '), new Uint8Array(0), bytes('three')], useFuture)).toBe(9);
        pair.socket.shutdown('send');
        expect((await all).toString()).toBe('one two three');
      } finally {
        pair.close();
      }
    }));

  test('a second write while one is pending: alreadyStarted; one read and one write in flight independently', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const reading = pair.socket.asyncReadSome(new Uint8Array(8), asTuple(useFuture));
        pair.peer.pause();
        const big = new Uint8Array(32 * 1024 * 1024);
        const writing = pair.socket.asyncWriteSome(big, asTuple(useFuture));
        const [err] = await pair.socket.asyncWriteSome(bytes('x'), asTuple(useFuture));
        expect(errorIs(err, errors.alreadyStarted)).toBe(true);
        // The read completes while the write is still in flight.
        pair.peer.write('ping');
        expect(await reading).toEqual([null, 4]);
        let received = 0;
        pair.peer.on('data', (c: Buffer) => (received += c.length));
        pair.peer.resume();
        expect(await writing).toEqual([null, big.length]);
        while (received < big.length) await sleep(5);
        expect(received).toBe(big.length);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('cancel() of a write in flight: operationAborted with the exact count once Node took the bytes; the connection stays usable', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.pause();
        const big = new Uint8Array(32 * 1024 * 1024).fill(1);
        let result: [SystemError | null, number] | null = null;
        pair.socket.asyncWriteSome(big, (err, n) => (result = [err, n]));
        await sleep(100);
        pair.socket.cancel();
        await sleep(100);
        // The bytes are Node's: nothing completes until they are written.
        expect(result).toBeNull();
        let received = 0;
        pair.peer.on('data', (c: Buffer) => (received += c.length));
        pair.peer.resume();
        while (result === null) await sleep(5);
        const [err, n] = result as [SystemError | null, number];
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(n).toBe(big.length);
        // Still usable: a further write arrives after exactly the reported bytes.
        expect(await pair.socket.asyncWriteSome(bytes('tail'), useFuture)).toBe(4);
        while (received < n + 4) await sleep(5);
        expect(received).toBe(n + 4);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('partial slot cancellation of a write: as cancel(); asyncWrite stops with operationAborted and the exact count', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.pause();
        const signal = new CancellationSignal();
        const chunk = 8 * 1024 * 1024;
        const data = [new Uint8Array(chunk), new Uint8Array(chunk), new Uint8Array(chunk), new Uint8Array(chunk)];
        const done = asyncWrite(pair.socket, data, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
        await sleep(100);
        signal.emit(CancellationType.Partial);
        let received = 0;
        pair.peer.on('data', (c: Buffer) => (received += c.length));
        pair.peer.resume();
        const [err, n] = await done;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThanOrEqual(4 * chunk);
        expect(signal.slot().hasHandler()).toBe(false);
        pair.socket.shutdown('send');
        await once(pair.peer, 'end');
        expect(received).toBe(n);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('terminal slot cancellation of a stuck write closes the socket at once', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.pause();
        const signal = new CancellationSignal();
        const reading = pair.socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
        const writing = pair.socket.asyncWriteSome(new Uint8Array(32 * 1024 * 1024), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
        await sleep(100);
        signal.emit(CancellationType.Terminal);
        const [err, n] = await writing;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(n).toBeLessThan(32 * 1024 * 1024);
        expect(pair.socket.isOpen()).toBe(false);
        const [readErr] = await reading;
        expect(errorIs(readErr, errors.operationAborted)).toBe(true);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('close() with a read and a write pending: both operationAborted; later operations badDescriptor; close twice is fine', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      pair.peer.pause();
      const reading = pair.socket.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
      const writing = pair.socket.asyncWriteSome(new Uint8Array(32 * 1024 * 1024), asTuple(useFuture));
      await sleep(50);
      pair.socket.close();
      pair.socket.close();
      const [[r], [w]] = await Promise.all([reading, writing]);
      expect(errorIs(r, errors.operationAborted)).toBe(true);
      expect(errorIs(w, errors.operationAborted)).toBe(true);
      const [again] = await pair.socket.asyncWriteSome(bytes('x'), asTuple(useFuture));
      expect(errorIs(again, errors.badDescriptor)).toBe(true);
      expect(pair.socket.isOpen()).toBe(false);
      pair.close();
    }), 30_000);

  test('a write to a reset peer fails with connectionReset or brokenPipe, never a throw', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.resetAndDestroy();
        await sleep(50);
        let err: SystemError | null = null;
        for (let i = 0; i < 50 && err === null; i++) [err] = await pair.socket.asyncWriteSome(new Uint8Array(65536), asTuple(useFuture));
        expect(err).not.toBeNull();
        expect(errorIs(err, errors.connectionReset) || errorIs(err, errors.brokenPipe)).toBe(true);
      } finally {
        pair.close();
      }
    }));

  test('an empty write completes at once with 0, never inside the call', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        const p = probe<[SystemError | null, number]>();
        p.start(() => pair.socket.asyncWriteSome([], p.handler));
        expect(await p.done).toEqual([null, 0]);
      } finally {
        pair.close();
      }
    }));
});

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
