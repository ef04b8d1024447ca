import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { asTuple, bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, IoContext, useFuture } from '@asio-ts/core';
import { asyncWrite, fromDuplex, type AdapterReadStream, type AdapterWriteStream, type DuplexStream } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';

/** A connected pair of sockets on 127.0.0.1. */
async function tcpPair(): Promise<{ client: Socket; server: Socket; close(): Promise<void> }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = createConnection((listener.address() as AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  const [server] = await accepted;
  return {
    client,
    server,
    close: async () => {
      client.destroy();
      server.destroy();
      await new Promise((r) => listener.close(r));
    },
  };
}

/** A Duplex whose read side the test feeds and whose write side records. */
function memoryDuplex(): { duplex: Duplex; feed: PassThrough; written: Buffer[] } {
  const feed = new PassThrough();
  const written: Buffer[] = [];
  const duplex = new Duplex({
    read() {
      const chunk = feed.read() as Buffer | null;
      if (chunk !== null) this.push(chunk);
      else feed.once('readable', () => this._read(0));
    },
    write(chunk: Buffer, _enc, cb) {
      written.push(chunk);
      cb();
    },
  });
  feed.on('end', () => duplex.push(null));
  return { duplex, feed, written };
}

describe('fromDuplex', () => {
  test('over a TCP socket: writes reach the peer, the peer\'s bytes are read, its end is eof', async () => {
    const { client, server, close } = await tcpPair();
    try {
      const ioc = new IoContext();
      const s = fromDuplex(client, { executor: ioc });
      expect(s.duplex).toBe(client);
      const got: Buffer[] = [];
      server.on('data', (d: Buffer) => got.push(d));
      const wrote = asyncWrite(s, Buffer.from('ping'), useFuture);
      server.write('pong');
      server.end();
      const buf = new Uint8Array(16);
      const read = s.asyncReadSome(buf, useFuture);
      await ioc.run();
      expect(await wrote).toBe(4);
      const n = await read;
      expect(Buffer.from(buf.subarray(0, n)).toString()).toBe('pong');
      ioc.restart();
      const end = s.asyncReadSome(buf, asTuple(useFuture));
      await ioc.run();
      const [err, m] = await end;
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(m).toBe(0);
      await once(server, 'end');
      expect(Buffer.concat(got).toString()).toBe('ping');
    } finally {
      await close();
    }
  });

  test('one read and one write in flight at once, independently; a second of either gets alreadyStarted', async () => {
    const { client, server, close } = await tcpPair();
    try {
      const s = fromDuplex(client);
      const buf = new Uint8Array(8);
      const read = s.asyncReadSome(buf, useFuture);
      const [e2] = await s.asyncReadSome(new Uint8Array(8), asTuple(useFuture));
      expect(errorIs(e2, errors.alreadyStarted)).toBe(true);
      // The read is still pending; a write goes out meanwhile.
      const big = Buffer.alloc(4 * 1024 * 1024, 1);
      const write = s.asyncWriteSome(big, useFuture);
      const [e3] = await s.asyncWriteSome(Buffer.from('x'), asTuple(useFuture));
      expect(errorIs(e3, errors.alreadyStarted)).toBe(true);
      let received = 0;
      server.on('data', (d: Buffer) => {
        received += d.length;
        if (received === big.length) server.write('done');
      });
      expect(await write).toBe(big.length);
      const n = await read;
      expect(Buffer.from(buf.subarray(0, n)).toString()).toBe('done');
    } finally {
      await close();
    }
  });

  test('an error is seen by both sides: the pending read, the pending write, and later ones', async () => {
    const { duplex } = memoryDuplex();
    // A write that stays pending: cork it so the callback does not fire before the error.
    const s = fromDuplex(duplex);
    const read = s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    duplex.cork();
    const write = s.asyncWriteSome(Buffer.from('abc'), asTuple(useFuture));
    duplex.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    for (const [err, n] of [await read, await write]) {
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      expect(n).toBe(0);
    }
    const [e1] = await s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    const [e2] = await s.asyncWriteSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(e1, errors.connectionReset)).toBe(true);
    expect(errorIs(e2, errors.connectionReset)).toBe(true);
  });

  test('a close before the end is seen by both sides', async () => {
    const { duplex } = memoryDuplex();
    const s = fromDuplex(duplex);
    const read = s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
    duplex.destroy();
    const [err] = await read;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    const [e2] = await s.asyncWriteSome(new Uint8Array(4), asTuple(useFuture));
    expect(errorIs(e2, errors.brokenPipe)).toBe(true);
  });

  test('terminal cancellation of a write destroys the stream: the pending read completes with operationAborted too', async () => {
    const { client, close } = await tcpPair();
    try {
      const s = fromDuplex(client);
      const read = s.asyncReadSome(new Uint8Array(4), asTuple(useFuture));
      const sig = new CancellationSignal();
      // Large enough that the socket is still writing when the cancellation comes.
      const write = s.asyncWriteSome(Buffer.alloc(16 * 1024 * 1024), bindCancellationSlot(sig.slot(), asTuple(useFuture)));
      sig.emit(CancellationType.Terminal);
      const [we] = await write;
      expect(errorIs(we, errors.operationAborted)).toBe(true);
      const [re, n] = await read;
      expect(errorIs(re, errors.operationAborted)).toBe(true);
      expect(n).toBe(0);
      expect(client.destroyed).toBe(true);
    } finally {
      await close();
    }
  });

  test('cancelling a read takes nothing: the bytes that arrive are read next', async () => {
    const { client, server, close } = await tcpPair();
    try {
      const s = fromDuplex(client);
      const sig = new CancellationSignal();
      const first = s.asyncReadSome(new Uint8Array(8), bindCancellationSlot(sig.slot(), asTuple(useFuture)));
      sig.emit(CancellationType.Terminal);
      const [err] = await first;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      server.write('after');
      await new Promise((r) => setTimeout(r, 20));
      const buf = new Uint8Array(8);
      const n = await s.asyncReadSome(buf, useFuture);
      expect(Buffer.from(buf.subarray(0, n)).toString()).toBe('after');
    } finally {
      await close();
    }
  });

  test('types: both stream concepts, the duplex keeps its type', async () => {
    const { client, close } = await tcpPair();
    try {
      const s = fromDuplex(client);
      expectTypeOf(s).toEqualTypeOf<DuplexStream<Socket>>();
      expectTypeOf(s.duplex).toEqualTypeOf<Socket>();
      expectTypeOf(s).toExtend<AdapterReadStream>();
      expectTypeOf(s).toExtend<AdapterWriteStream>();
      // Typed only (a function never called): a read started here would fail when the socket closes.
      const read = () => s.asyncReadSome(new Uint8Array(1), useFuture);
      expectTypeOf(read).returns.toEqualTypeOf<Promise<number>>();
      const write = () => s.asyncWriteSome(new Uint8Array(1), useFuture);
      expectTypeOf(write).returns.toEqualTypeOf<Promise<number>>();
    } finally {
      await close();
    }
  });

  test('bad arguments throw naming the argument', () => {
    expect(() => fromDuplex(new PassThrough().pipe(new PassThrough()) as never)).not.toThrow();
    expect(() => fromDuplex({ read: () => null, on: () => {} } as never)).toThrow(/^duplex must be a stream\.Duplex/);
    expect(() => fromDuplex(new PassThrough(), 'x' as never)).toThrow(/^options must be an object/);
    expect(() => fromDuplex(new PassThrough(), { destroyOnCancel: 1 as never })).toThrow(/^options\.destroyOnCancel must be a boolean/);
    expect(() => fromDuplex(new PassThrough(), { executor: {} as never })).toThrow(/^options\.executor/);
  });
});
