/**
 * tcp.Socket#asyncWriteSome (and io's asyncWrite over it) against a real peer (Node's net on
 * 127.0.0.1): order, one write at a time and at most 64 KiB, cancellation (at once, counting
 * the bytes Node holds), close(), a reset peer.
 */
import { once } from 'node:events';
import { asTuple, bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, SystemError, useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import type { tcp } from '@asio-ts/net';
import { connectedPair, readAll, sleep, withContext, type Pair } from '../helpers/node-peer.js';
import { bytes, probe } from '../helpers/probe.js';

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

  test('every kind of bytes io takes: an ArrayBuffer, a DataView, another typed array, alone or in a sequence', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      const all = readAll(pair.peer);
      try {
        const ab = bytes('ab').buffer;
        expect(await pair.socket.asyncWriteSome(ab as unknown as Uint8Array, useFuture)).toBe(2);
        const view = new DataView(bytes('xcdx').buffer, 1, 2);
        expect(await pair.socket.asyncWriteSome(view as unknown as Uint8Array, useFuture)).toBe(2);
        const words = new Uint16Array([0x6665]); // 'ef' on a little-endian machine
        expect(await pair.socket.asyncWriteSome([words, bytes('gh').buffer] as unknown as Uint8Array[], useFuture)).toBe(4);
        pair.socket.shutdown('send');
        expect((await all).toString()).toBe('abcdefgh');
      } finally {
        pair.close();
      }
    }));

  test('a write hands Node at most 64 KiB: a bigger one completes with that much, as a write_some may', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      const all = readAll(pair.peer);
      try {
        expect(await pair.socket.asyncWriteSome(new Uint8Array(200_000), useFuture)).toBe(65536);
        expect(await pair.socket.asyncWriteSome([new Uint8Array(40_000), new Uint8Array(40_000)], useFuture)).toBe(65536);
        pair.socket.shutdown('send');
        expect((await all).length).toBe(2 * 65536);
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
        const stuck = await stuckWrite(pair.socket);
        const [err] = await pair.socket.asyncWriteSome(bytes('x'), asTuple(useFuture));
        expect(errorIs(err, errors.alreadyStarted)).toBe(true);
        // The read completes while the write is still in flight.
        pair.peer.write('ping');
        expect(await reading).toEqual([null, 4]);
        const received = countReceived(pair);
        expect(await stuck.done).toEqual([null, 65536]);
        await received.reach(stuck.before + 65536);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('cancel() of a write stuck behind a peer that reads nothing: at once, operationAborted, counting the bytes Node holds; the connection stays usable', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.pause();
        const stuck = await stuckWrite(pair.socket);
        pair.socket.cancel();
        const [err, n] = await stuck.done;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(n).toBe(65536);
        // The next write waits for those bytes, holding none of its own yet: total cancellation
        // takes it back cleanly.
        const signal = new CancellationSignal();
        const waiting = pair.socket.asyncWriteSome(bytes('lost'), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
        await sleep(20);
        signal.emit(CancellationType.Total);
        expect(await waiting).toEqual([expect.objectContaining({ code: 'ECANCELED' }), 0]);
        // Still usable: a further write arrives after exactly the reported bytes.
        const tail = pair.socket.asyncWriteSome(bytes('tail'), useFuture);
        const received = countReceived(pair);
        expect(await tail).toBe(4);
        await received.reach(stuck.before + n + 4);
        await sleep(50);
        expect(received.bytes()).toBe(stuck.before + n + 4);
      } finally {
        pair.close();
      }
    }), 30_000);

  test("shutdown('send') with a write waiting behind a cancelled one's bytes: it fails with brokenPipe, the peer gets the counted bytes then eof, reads go on", () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.pause();
        const stuck = await stuckWrite(pair.socket);
        pair.socket.cancel();
        const [, n] = await stuck.done;
        const waiting = pair.socket.asyncWriteSome(bytes('late'), asTuple(useFuture));
        pair.socket.shutdown('send');
        const [err, m] = await waiting;
        expect(errorIs(err, errors.brokenPipe)).toBe(true);
        expect(m).toBe(0);
        const received = countReceived(pair);
        await once(pair.peer, 'end');
        expect(received.bytes()).toBe(stuck.before + n);
        pair.peer.write('hello');
        const buf = new Uint8Array(16);
        expect(await pair.socket.asyncReadSome(buf, asTuple(useFuture))).toEqual([null, 5]);
      } finally {
        pair.close();
      }
    }), 30_000);

  test('total cancellation of a write whose bytes Node holds does nothing: it completes when they are written', () =>
    withContext(async (ioc) => {
      const pair = await connectedPair(ioc);
      try {
        pair.peer.pause();
        const signal = new CancellationSignal();
        const stuck = await stuckWrite(pair.socket, (h) => bindCancellationSlot(signal.slot(), h));
        signal.emit(CancellationType.Total);
        await sleep(50);
        expect(stuck.result()).toBeNull();
        countReceived(pair);
        expect(await stuck.done).toEqual([null, 65536]);
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
        const stuck = await stuckWrite(pair.socket, (h) => bindCancellationSlot(signal.slot(), h));
        signal.emit(CancellationType.Terminal);
        const [err, n] = await stuck.done;
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        expect(n).toBe(0);
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
      const stuck = await stuckWrite(pair.socket);
      pair.socket.close();
      pair.socket.close();
      const [[r], [w]] = await Promise.all([reading, stuck.done]);
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

type WriteResult = [SystemError | null, number];

/**
 * With the peer not reading, write 64 KiB at a time until a write stays pending (the kernel's and
 * Node's buffers are full); `wrap` binds each write's handler. Returns the pending write and
 * the bytes written before it.
 */
async function stuckWrite(socket: tcp.Socket, wrap = (h: (err: SystemError | null, n: number) => void): ((err: SystemError | null, n: number) => void) => h) {
  let before = 0;
  for (let i = 0; i < 100_000; i++) {
    let result: WriteResult | null = null;
    const done = new Promise<WriteResult>((resolve) => socket.asyncWriteSome(new Uint8Array(65536).fill(1), wrap((err, n) => resolve((result = [err, n])))));
    await sleep(i < 4096 ? 1 : 20);
    if (result === null) await sleep(50);
    if (result === null) return { before, done, result: (): WriteResult | null => result };
    const [err, n] = result as WriteResult;
    if (err !== null) throw err;
    before += n;
  }
  throw new Error('no write stayed pending');
}

/** Resume the peer and count what it receives. */
function countReceived(pair: Pair): { bytes(): number; reach(n: number): Promise<void> } {
  let received = 0;
  pair.peer.on('data', (c: Buffer) => (received += c.length));
  pair.peer.resume();
  return {
    bytes: () => received,
    async reach(n: number) {
      while (received < n) await sleep(5);
    },
  };
}
