// WriteQueue over TCP: 200,000 writes of 64 bytes issued at once (no write awaited before the
// next is issued) through io's `WriteQueue`, against raw `socket.write(buf)` for each. The time
// is until the receiver (a worker thread on 127.0.0.1) has every byte, and, for ours, every
// handler ran. Whole runs, alternating, MB/s.
//
// Two rows. The first is what a user of @asio-ts/net writes: `new WriteQueue(socket)` over a
// `tcp.Socket` connected with `asyncConnect` (its own connection to the receiver). The second
// wraps the baseline's own net.Socket with `fromDuplex`, so both sides share one connection.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { IoContext, useFuture } from '@asio-ts/core';
import { fromDuplex, WriteQueue } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';
import { closeSocket, connect } from '../lib/tcp.mjs';

// Counts what arrives on every connection; told how many bytes to wait for, it says when the
// count is reached.
const receiverSource = `
const net = require('node:net');
const { parentPort } = require('node:worker_threads');
const sockets = new Set();
let got = 0;
let want = Infinity;
const check = () => {
  if (got < want) return;
  want = Infinity;
  got = 0;
  parentPort.postMessage('all');
};
const server = net.createServer((s) => {
  sockets.add(s);
  s.on('data', (d) => { got += d.length; check(); });
  s.on('error', () => {});
  s.on('close', () => sockets.delete(s));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => {
  if (m === 'close') {
    for (const s of sockets) s.destroy();
    server.close(() => process.exit(0));
  } else {
    want = m;
    check();
  }
});
`;

async function startReceiver() {
  const worker = new Worker(receiverSource, { eval: true });
  const [port] = await once(worker, 'message');
  return {
    port,
    /** Resolves once `bytes` more bytes arrived. */
    expect(bytes) {
      const all = once(worker, 'message');
      worker.postMessage(bytes);
      return all;
    },
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

function oursBurst(queue, receiver, buf, count) {
  const arrived = receiver.expect(count * buf.length);
  const written = new Promise((resolve, reject) => {
    let left = count;
    const done = (err) => {
      if (err) reject(err);
      else if (--left === 0) resolve();
    };
    for (let i = 0; i < count; i++) queue.asyncWrite(buf, done);
  });
  return Promise.all([arrived, written]).then(() => count * buf.length);
}

function rawBurst(socket, receiver, buf, count) {
  const arrived = receiver.expect(count * buf.length);
  for (let i = 0; i < count; i++) socket.write(buf);
  return arrived.then(() => count * buf.length);
}

export default {
  id: 'writequeue-tcp',
  title: 'WriteQueue, TCP',
  kind: 'whole',
  unit: 'MB/s',
  target: 1.0,
  async setup({ quick }) {
    const buf = Buffer.alloc(64, 0x61);
    const count = quick ? 2_000 : 200_000;
    const warm = Math.max(500, count >> 4);
    const receiver = await startReceiver();
    const raw = await connect(receiver.port);
    const ioc = new IoContext();
    const socket = new tcp.Socket(ioc);
    // The context runs as long as the socket's writes are in flight: keep it alive between runs.
    const guard = ioc.getExecutor();
    guard.onWorkStarted();
    const running = ioc.run();
    await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', receiver.port), useFuture);
    const netQueue = new WriteQueue(socket);
    const duplexQueue = new WriteQueue(fromDuplex(raw));
    const label = `${count.toLocaleString('en-US')} x 64 B at once`;
    return {
      variants: [
        {
          name: `${label}, WriteQueue(tcp.Socket)`,
          baselineLabel: 'socket.write(buf) each',
          ours: () => oursBurst(netQueue, receiver, buf, count),
          baseline: () => rawBurst(raw, receiver, buf, count),
          warmupOurs: () => oursBurst(netQueue, receiver, buf, warm),
          warmupBaseline: () => rawBurst(raw, receiver, buf, warm),
        },
        {
          name: `${label}, WriteQueue(fromDuplex(socket)), same connection`,
          baselineLabel: 'socket.write(buf) each',
          ours: () => oursBurst(duplexQueue, receiver, buf, count),
          baseline: () => rawBurst(raw, receiver, buf, count),
          warmupOurs: () => oursBurst(duplexQueue, receiver, buf, warm),
          warmupBaseline: () => rawBurst(raw, receiver, buf, warm),
        },
      ],
      async teardown() {
        socket.close();
        guard.onWorkFinished();
        await running;
        await closeSocket(raw);
        await receiver.close();
      },
    };
  },
};
