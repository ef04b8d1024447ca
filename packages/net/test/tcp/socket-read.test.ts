/**
 * tcp.Socket#asyncReadSome against a real peer (Node's net on 127.0.0.1): partial reads, buffer
 * sequences, eof, reset, backpressure, cancellation (cancel(), the slot) losing no byte, work and
 * associated executors.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import {
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  makeStrand,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { connectedPair, sleep, turn, withContext } from '../helpers/node-peer.js';
import { probe, text } from '../helpers/probe.js';

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
