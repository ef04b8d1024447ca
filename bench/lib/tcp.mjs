// A TCP sink on 127.0.0.1 that reads and discards everything, in a process of its own
// (bench/lib/peer-process.mjs: Python where python3 runs, else Node), so that receiving shares
// neither the sender's event loop nor its process.
import net from 'node:net';
import { once } from 'node:events';
import { startPeer } from './peer-process.mjs';

const sinkSource = `
const net = require('node:net');
const sockets = new Set();
const server = net.createServer((s) => {
  sockets.add(s);
  s.on('data', () => {});
  s.on('error', () => {});
  s.on('close', () => sockets.delete(s));
});
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('message', (m) => {
  if (m === 'close') {
    for (const s of sockets) s.destroy();
    server.close(() => process.exit(0));
  }
});
`;

/** Start the sink; returns its port and a `close()`. */
export function startSink() {
  return startPeer('./tcp-sink.py', sinkSource);
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
