/**
 * An echo server written with asio-ts (an acceptor loop and one coroutine per connection:
 * asyncReadSome, then io's asyncWrite of what was read, until eof) and 200 asio-ts clients at
 * once, each writing its own random bytes in random chunks while reading the echo, then shutting
 * down sending. Every byte is accounted for: each client gets back exactly what it sent (SHA-256
 * and length), and the server echoed exactly the sum. The context's run() ends when every
 * operation completed: nothing kept work.
 */
import { coSpawn, detached, errorIs, errors, IoContext, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';
import { exchange } from '../helpers/exchange.js';
import { chunkSizes, randomBytes, sha256 } from '../helpers/peers.js';

const clients = 200;

test(`${clients} concurrent clients against a coroutine echo server: every byte comes back`, async () => {
  const ioc = new IoContext();
  const acceptor = new tcp.Acceptor(ioc, new tcp.Endpoint('127.0.0.1', 0));
  const endpoint = acceptor.localEndpoint();
  let echoed = 0;
  let sessionsEnded = 0;
  const sessionErrors: unknown[] = [];

  const session = async (socket: tcp.Socket): Promise<void> => {
    const buffer = new Uint8Array(8192);
    try {
      for (;;) {
        const n = await socket.asyncReadSome(buffer, useAwaitable);
        echoed += await asyncWrite(socket, buffer.subarray(0, n), useAwaitable);
      }
    } catch (e) {
      if (!errorIs(e, errors.eof)) sessionErrors.push(e);
    } finally {
      socket.close();
      sessionsEnded++;
    }
  };

  coSpawn(
    ioc,
    async () => {
      for (let i = 0; i < clients; i++) {
        const socket = await acceptor.asyncAccept(useAwaitable);
        coSpawn(ioc, () => session(socket), detached);
      }
      acceptor.close();
    },
    detached,
  );

  const size = chunkSizes(99, 200_000);
  const results = Array.from({ length: clients }, (_, i) => {
    const data = randomBytes(size());
    const socket = new tcp.Socket(ioc);
    return socket
      .asyncConnect(endpoint, useFuture)
      .then(() => exchange(ioc, socket, data, i + 1, 32 * 1024))
      .then((r) => {
        socket.close();
        return { sent: data.length, sentSha256: sha256(data), ...r };
      });
  });
  const [all] = await Promise.all([Promise.all(results), ioc.run()]);

  expect(sessionErrors).toEqual([]);
  expect(sessionsEnded).toBe(clients);
  let total = 0;
  for (const r of all) {
    expect(r.written).toBe(r.sent);
    expect(r.received).toBe(r.sent);
    expect(r.receivedSha256).toBe(r.sentSha256);
    total += r.sent;
  }
  expect(echoed).toBe(total);
}, 60_000);
