// Echo round trip: 100,000 request/response exchanges of 64 bytes over one connection on
// 127.0.0.1, client and server in this process. Ours: @asio-ts/net on both ends, a coSpawn
// coroutine on each (server: asyncReadSome + io's asyncWrite until eof; client: asyncWrite the
// request, asyncReadSome until the 64 bytes are back), useAwaitable. Baseline: raw node:net on both
// ends ('data' events, socket.write). Each side has its own connection, kept for the whole bench;
// Nagle is off on all four sockets. Whole runs, alternating; the figure is exchanges per second.
//
// Runs near the end (bench/run.mjs): coSpawn's AsyncLocalStorage turns on promise hooks on Node 20
// while our coroutines are alive.
import net from 'node:net';
import { once } from 'node:events';
import { coSpawn, detached, errorIs, errors, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';

const size = 64;
// wholePair reports 10^6 units per second: a run returns exchanges × 10^6.
const perSecond = 1e6;

async function oursPair() {
  const acceptor = new tcp.Acceptor(systemExecutor, new tcp.Endpoint('127.0.0.1', 0));
  const client = new tcp.Socket(systemExecutor);
  const accepted = acceptor.asyncAccept(useFuture);
  await client.asyncConnect(acceptor.localEndpoint(), useFuture);
  const server = await accepted;
  acceptor.close();
  client.setNoDelay(true);
  server.setNoDelay(true);
  coSpawn(
    systemExecutor,
    async () => {
      const buf = new Uint8Array(size);
      for (;;) {
        let n;
        try {
          n = await server.asyncReadSome(buf, useAwaitable);
        } catch (e) {
          if (errorIs(e, errors.eof)) break;
          throw e;
        }
        await asyncWrite(server, n === size ? buf : buf.subarray(0, n), useAwaitable);
      }
      server.close();
    },
    detached,
  );
  const request = new Uint8Array(size).fill(0x61);
  const reply = new Uint8Array(size);
  const run = (count) =>
    coSpawn(
      systemExecutor,
      async () => {
        for (let i = 0; i < count; i++) {
          await asyncWrite(client, request, useAwaitable);
          let got = await client.asyncReadSome(reply, useAwaitable);
          while (got < size) got += await client.asyncReadSome(reply.subarray(got), useAwaitable);
        }
        return count * perSecond;
      },
      useFuture,
    );
  return { run, close: () => client.close() };
}

async function rawPair() {
  const server = net.createServer({ noDelay: true }, (s) => {
    s.setNoDelay(true);
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end());
    s.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect(server.address().port, '127.0.0.1');
  await once(client, 'connect');
  client.setNoDelay(true);
  server.close();
  const request = Buffer.alloc(size, 0x61);
  const run = (count) =>
    new Promise((resolve, reject) => {
      let done = 0;
      let got = 0;
      const onData = (d) => {
        got += d.length;
        if (got < size) return;
        got -= size;
        if (++done < count) client.write(request);
        else {
          client.removeListener('data', onData);
          client.removeListener('error', reject);
          resolve(count * perSecond);
        }
      };
      client.on('data', onData);
      client.on('error', reject);
      client.write(request);
    });
  return { run, close: () => client.destroy() };
}

export default {
  id: 'echo-roundtrip',
  title: 'Echo round trip',
  kind: 'whole',
  unit: 'ops/s', // exchanges per second
  target: 0.9,
  async setup({ quick }) {
    const count = quick ? 500 : 100_000;
    const warm = Math.max(100, count >> 4);
    const ours = await oursPair();
    const raw = await rawPair();
    return {
      variants: [
        {
          name: `${count.toLocaleString('en-US')} x 64 B request/response, tcp.Socket both ends, coSpawn + asyncReadSome + asyncWrite`,
          baselineLabel: "node:net both ends, 'data' + socket.write",
          ours: () => ours.run(count),
          baseline: () => raw.run(count),
          warmupOurs: () => ours.run(warm),
          warmupBaseline: () => raw.run(warm),
        },
      ],
      teardown() {
        ours.close();
        raw.close();
      },
    };
  },
};
