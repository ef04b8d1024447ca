// Send a TCP message with each token kind through `fromWritable(socket)`, running the handlers
// on an IoContext: `run()` returns once every started write's handler ran.
import { createServer, createConnection, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { coSpawn, IoContext, spawn, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite, fromWritable } from '@asio-ts/io';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const received: Buffer[] = [];
  const server = createServer((peer: Socket) => peer.on('data', (d: Buffer) => received.push(d)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');

  const ioc = new IoContext();
  const stream = fromWritable(socket, { executor: ioc }); // handlers run on the io context
  const msg = (s: string) => new TextEncoder().encode(`${s}\n`);
  const runAll = async (): Promise<void> => {
    await ioc.run();
    ioc.restart();
  };

  // A callback that starts the next write from inside the handler, Asio style.
  asyncWrite(stream, msg('callback'), (err, n) => {
    log(`callback wrote ${n} bytes${err ? ` (${err.code})` : ''}`);
    asyncWrite(stream, msg('callback, chained'), (_err, m) => log(`chained callback wrote ${m} bytes`));
  });
  await runAll();

  const promise = asyncWrite(stream, msg('useFuture'), useFuture);
  await runAll();
  log(`useFuture wrote ${await promise} bytes`);

  const coro = coSpawn(
    ioc,
    async () => (await asyncWrite(stream, msg('useAwaitable'), useAwaitable)) + (await asyncWrite(stream, msg('deferred, awaited'))),
    useFuture,
  );
  await runAll();
  log(`coSpawn wrote ${await coro} bytes`);

  spawn(
    ioc,
    function* (y) {
      return yield* asyncWrite(stream, msg('yield context'), y);
    },
    (err, n) => log(`spawn finished: ${err ?? `${n} bytes`}`),
  );
  await runAll();

  socket.end();
  await once(socket, 'close');
  server.close();
  log(`the server received:\n${Buffer.concat(received).toString().trimEnd()}`);
}

if (require.main === module) void main();
