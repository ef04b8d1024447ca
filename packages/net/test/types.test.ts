/**
 * Static types of the net operations per token kind, checked by `tsc` (and by ts-jest when the
 * file is compiled), and that a tcp.Socket is io's AsyncReadStream and AsyncWriteStream (what
 * io's composed operations take). The calls run against idle objects: closed sockets, whose
 * operations fail at once with badDescriptor.
 */
import { asTuple, deferred, errorIs, errors, IoContext, useAwaitable, useFuture, type Awaitable, type DeferredOperation, type SystemError } from '@asio-ts/core';
import { asyncWrite, isAsyncReadStream, isAsyncWriteStream, type AsyncReadStream, type AsyncWriteStream } from '@asio-ts/io';
import { asyncConnect, SignalSet, tcp, udp, type ConnectCondition } from '@asio-ts/net';
import { expectTypeOf } from 'expect-type';

test('a tcp.Socket is an AsyncReadStream and an AsyncWriteStream, for the types and at run time', async () => {
  const ioc = new IoContext();
  const socket = new tcp.Socket(ioc);
  expectTypeOf(socket).toMatchTypeOf<AsyncReadStream>();
  expectTypeOf(socket).toMatchTypeOf<AsyncWriteStream>();
  expect(isAsyncReadStream(socket) && isAsyncWriteStream(socket)).toBe(true);
  const written = asyncWrite(socket, new Uint8Array(1), asTuple(useFuture));
  void ioc.run();
  const [err, n] = await written;
  expect(errorIs(err, errors.badDescriptor)).toBe(true);
  expect(n).toBe(0);
});

test('each operation returns what its token says', async () => {
  const ioc = new IoContext();
  const socket = new tcp.Socket(ioc);
  const endpoint = new tcp.Endpoint('127.0.0.1', 1);
  const buf = new Uint8Array(1);
  // What is started fails at once on the idle objects (badDescriptor, ...): kept and settled.
  const started: Promise<unknown>[] = [];
  const t = <P extends Promise<unknown>>(p: P): P => (started.push(p.catch(() => {})), p);

  expectTypeOf(socket.asyncConnect(endpoint)).toEqualTypeOf<DeferredOperation<[err: SystemError | null]>>();
  expectTypeOf(t(socket.asyncReadSome(buf, useFuture))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(socket.asyncWriteSome(buf, deferred)).toEqualTypeOf<DeferredOperation<[err: SystemError | null, bytesTransferred: number]>>();
  expectTypeOf(t(socket.asyncReadSome(buf, asTuple(useFuture)))).toEqualTypeOf<Promise<[SystemError | null, number]>>();
  expectTypeOf(socket.asyncReadSome(buf, useAwaitable)).toEqualTypeOf<Awaitable<number>>();
  expectTypeOf(socket.asyncReadSome(buf, (err, n) => void [err, n])).toEqualTypeOf<void>();
  socket.asyncReadSome(buf, (err: SystemError | null, n: number) => void [err, n]);

  const acceptor = new tcp.Acceptor(ioc);
  expectTypeOf(t(acceptor.asyncAccept(asTuple(useFuture)))).toEqualTypeOf<Promise<[SystemError | null, tcp.Socket]>>();
  acceptor.asyncAccept((err, peer) => {
    expectTypeOf(peer).toEqualTypeOf<tcp.Socket>();
    void err;
  });

  const resolver = new tcp.Resolver(ioc);
  expectTypeOf(t(resolver.asyncResolve('127.0.0.1', 80, useFuture))).toEqualTypeOf<Promise<readonly tcp.Endpoint[]>>();
  expectTypeOf(t(new udp.Resolver(ioc).asyncResolve(udp.v6(), '::1', 'domain', useFuture))).toEqualTypeOf<Promise<readonly udp.Endpoint[]>>();
  // @ts-expect-error a udp protocol for a tcp resolver
  expect(() => resolver.asyncResolve(udp.v4(), 'localhost', 80, useFuture)).toThrow(TypeError);

  const range = t(asyncConnect(socket, [endpoint], asTuple(useFuture)));
  expectTypeOf(range).toEqualTypeOf<Promise<[SystemError | null, tcp.Endpoint]>>();
  const condition: ConnectCondition = (err, next) => err === null && next.port > 0;
  expectTypeOf(asyncConnect(socket, [endpoint], condition, deferred)).toEqualTypeOf<DeferredOperation<[err: SystemError | null, endpoint: tcp.Endpoint]>>();

  const datagrams = new udp.Socket(ioc);
  expectTypeOf(t(datagrams.asyncReceiveFrom(buf, useFuture))).toEqualTypeOf<Promise<[number, udp.Endpoint]>>();
  expectTypeOf(t(datagrams.asyncSendTo(buf, new udp.Endpoint(), useFuture))).toEqualTypeOf<Promise<number>>();
  // @ts-expect-error a tcp endpoint for a udp socket
  expect(() => datagrams.asyncSendTo(buf, endpoint, useFuture)).toThrow(TypeError);

  const set = new SignalSet(ioc);
  expectTypeOf(t(set.asyncWait(useFuture))).toEqualTypeOf<Promise<number>>();
  set.cancel();

  await Promise.all([...started, ioc.run()]);
  expect((await range)[1].toString()).toBe('0.0.0.0:0');
});
