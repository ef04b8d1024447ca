// A line protocol over TCP: the server reads lines with `asyncReadUntil(s, buf, '\r\n')` and
// answers each one upper-cased; the client sends a line and reads the answer with each token
// kind in turn. Both sides are `fromDuplex(net.Socket)` on one IoContext.
import { createServer, createConnection, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { coSpawn, errorIs, errors, IoContext, makeWorkGuard, spawn, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncReadUntil, asyncWrite, dynamicStringBuffer, fromDuplex, type DuplexStream, type StringRef } from '@asio-ts/io';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The server's session: read a line, answer it, until the client closes. */
async function session(socket: Socket, ioc: IoContext): Promise<number> {
  const s = fromDuplex(socket, { executor: ioc });
  const data: StringRef = { value: '' }; // the bytes read, one char per byte
  const buf = dynamicStringBuffer(data, 4096); // a maxSize: a line longer than that is notFound
  let answered = 0;
  try {
    for (;;) {
      const n = await asyncReadUntil(s, buf, '\r\n', useAwaitable); // n counts the '\r\n'
      const line = data.value.slice(0, n - 2);
      buf.consume(n); // bytes past the delimiter stay for the next call
      await asyncWrite(s, bytes(`${line.toUpperCase()}\r\n`), useAwaitable);
      answered++;
    }
  } catch (e) {
    if (!errorIs(e, errors.eof)) throw e; // the client closed: the session ends normally
  }
  socket.end();
  return answered;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const ioc = new IoContext();
  const guard = makeWorkGuard(ioc); // keep run() going while the server listens
  const sessions: Promise<number>[] = [];
  const server = createServer((socket) => sessions.push(coSpawn(ioc, () => session(socket, ioc), useFuture)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const running = ioc.run();

  const socket = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  const c: DuplexStream = fromDuplex(socket, { executor: ioc });
  const reply: StringRef = { value: '' };
  const rbuf = dynamicStringBuffer(reply);
  /** Take the line of `n` bytes (its '\r\n' included) out of the client's buffer. */
  const take = (n: number): string => {
    const line = reply.value.slice(0, n - 2);
    rbuf.consume(n);
    return line;
  };

  // A callback: the read starts from inside the write's handler, Asio style.
  await new Promise<void>((done) =>
    asyncWrite(c, bytes('callback\r\n'), () =>
      asyncReadUntil(c, rbuf, '\r\n', (err, n) => {
        log(`callback: ${err ? err.code : take(n)}`);
        done();
      }),
    ),
  );

  await asyncWrite(c, bytes('use future\r\n'), useFuture);
  log(`useFuture: ${take(await asyncReadUntil(c, rbuf, '\r\n', useFuture))}`);

  // No token: a deferred operation, which starts when awaited.
  await asyncWrite(c, bytes('deferred\r\n'));
  log(`deferred, awaited: ${take(await asyncReadUntil(c, rbuf, '\r\n'))}`);

  // Two lines sent at once: the second answer may arrive with the first, and is found in the
  // buffer by the second call without a read.
  const both = await coSpawn(
    ioc,
    async () => {
      await asyncWrite(c, bytes('use awaitable\r\nand another\r\n'), useAwaitable);
      const first = take(await asyncReadUntil(c, rbuf, '\r\n', useAwaitable));
      return `${first}, ${take(await asyncReadUntil(c, rbuf, '\r\n', useAwaitable))}`;
    },
    useFuture,
  );
  log(`coSpawn + useAwaitable: ${both}`);

  const spawned = await spawn(
    ioc,
    function* (y) {
      yield* asyncWrite(c, bytes('yield context\r\n'), y);
      return take(yield* asyncReadUntil(c, rbuf, '\r\n', y));
    },
    useFuture,
  );
  log(`spawn + yield*: ${spawned}`);

  socket.end(); // the server's read sees eof and its session ends
  await once(socket, 'close');
  server.close();
  const answered = await Promise.all(sessions);
  guard.reset();
  await running;
  log(`line-protocol: the server answered ${answered.join('+')} lines`);
}

if (require.main === module) void main();
