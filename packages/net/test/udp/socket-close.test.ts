/**
 * udp.Socket cancellation and close: pending receives aborted, sends in flight completed once
 * (their bytes when the kernel took them), terminal cancellation of a send, close() then open().
 */
import * as dgram from 'node:dgram';
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { udp } from '@asio-ts/net';
import { bytes, text } from '../helpers/probe.js';
import { sleep, withContext } from '../helpers/node-peer.js';

const loopback = (port = 0): udp.Endpoint => new udp.Endpoint('127.0.0.1', port);

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
