/**
 * tcp.Socket#asyncWriteSome (and io's asyncWrite over it) against a real peer (Node's net on
 * 127.0.0.1): order, one write at a time, cancellation with the exact count, close(), a reset
 * peer.
 */
import { once } from 'node:events';
import { asTuple, bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, SystemError, useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { connectedPair, readAll, sleep, withContext } from '../helpers/node-peer.js';
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
