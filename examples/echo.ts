// Asio's coroutine echo server, ported: one coSpawned coroutine per connection, awaiting
// reads and writes with useAwaitable. See docs/porting.md for the C++ side by side.
import { createServer, createConnection, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { coSpawn, errorIs, errors, IoContext, makeWorkGuard, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite, buffer, fromReadable, fromWritable } from '@asio-ts/io';

async function echo(socket: Socket, ioc: IoContext): Promise<number> {
  const input = fromReadable(socket, { executor: ioc });
  const output = fromWritable(socket, { executor: ioc });
  const data = new Uint8Array(1024);
  let echoed = 0;
  try {
    for (;;) {
      const n = await input.asyncReadSome(data, useAwaitable);
      echoed += await asyncWrite(output, buffer(data, n), useAwaitable);
    }
  } catch (e) {
    if (!errorIs(e, errors.eof)) throw e; // the client closed: the coroutine ends normally
  }
  socket.end();
  return echoed;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const ioc = new IoContext();
  const guard = makeWorkGuard(ioc); // keep run() going while the server listens
  const sessions: Promise<number>[] = [];
  const server = createServer((socket) => sessions.push(coSpawn(ioc, () => echo(socket, ioc), useFuture)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const running = ioc.run();

  // A client: send three lines, read the echo back, close.
  const client = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
  const chunks: Buffer[] = [];
  client.on('data', (d: Buffer) => chunks.push(d));
  await once(client, 'connect');
  client.end('one\ntwo\nthree\n');
  await once(client, 'close');

  server.close();
  const echoed = await Promise.all(sessions);
  guard.reset();
  const handlers = await running;
  log(`echo: the server echoed ${echoed.join('+')} bytes: ${JSON.stringify(Buffer.concat(chunks).toString())}`);
  log(`echo: the io context ran ${handlers} handlers`);
}

if (require.main === module) void main();
