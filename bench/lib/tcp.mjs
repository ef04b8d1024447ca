// A TCP sink on 127.0.0.1 that reads and discards everything, run in a worker thread so that
// receiving does not share the sender's event loop (both still live in this one process).
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';

const sinkSource = `
const net = require('node:net');
const { parentPort } = require('node:worker_threads');
const sockets = new Set();
const server = net.createServer((s) => {
  sockets.add(s);
  s.on('data', () => {});
  s.on('error', () => {});
  s.on('close', () => sockets.delete(s));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => {
  if (m === 'close') {
    for (const s of sockets) s.destroy();
    server.close(() => process.exit(0));
  }
});
`;

/** Start the sink; returns its port and a `close()`. */
export async function startSink() {
  const worker = new Worker(sinkSource, { eval: true });
  const [port] = await once(worker, 'message');
  return {
    port,
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

/** A connected client socket to `port`. */
export async function connect(port) {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

/** Close a client socket and wait for it. */
export async function closeSocket(socket) {
  if (socket.destroyed) return;
  socket.end();
  socket.destroy();
  await once(socket, 'close').catch(() => {});
}
