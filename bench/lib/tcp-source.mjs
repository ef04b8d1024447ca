// A TCP source on 127.0.0.1, in a process of its own: each connection sends one command line,
// `bulk <bytes>` or `lines <count> <seed>`, and the source sends that (the same bytes every
// time: generated once per command), then ends its side. Python (tcp-source.py, whose sending
// is a C loop) where python3 runs, else the same source in a Node child process. Not a worker
// thread: a worker shares the measured process's V8 platform threads, its GC helpers among
// them, and slowed the side under test by more than the effect measured (docs/performance.md,
// "Sixth recorded run").
import net from 'node:net';
import { once } from 'node:events';
import { startPeer } from './peer-process.mjs';

const sourceSource = `
const net = require('node:net');
const cache = new Map();
function lines(count, seed) {
  // xorshift32: lines of 40-200 bytes of printable ASCII, each ending in '\\n'.
  let x = seed >>> 0 || 1;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  const lens = new Uint16Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) total += (lens[i] = 40 + (next() % 161)) + 1;
  const b = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < lens[i]; j++) b[at++] = 33 + (next() % 94);
    b[at++] = 10;
  }
  return b;
}
function data(cmd) {
  if (!cache.has(cmd)) {
    const [mode, a, b] = cmd.split(' ');
    cache.set(cmd, mode === 'bulk' ? Buffer.alloc(Number(a), 0x5a) : lines(Number(a), Number(b)));
  }
  return cache.get(cmd);
}
const sockets = new Set();
const server = net.createServer((s) => {
  sockets.add(s);
  s.on('error', () => {});
  s.on('close', () => sockets.delete(s));
  let got = '';
  const onData = (d) => {
    got += d.toString('latin1');
    const i = got.indexOf('\\n');
    if (i < 0) return;
    s.removeListener('data', onData);
    s.end(data(got.slice(0, i)));
  };
  s.on('data', onData);
});
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('message', (m) => {
  if (m === 'close') {
    for (const s of sockets) s.destroy();
    server.close(() => process.exit(0));
  }
});
`;

/** Start the source; returns `open(command)` (a connected socket that will receive it) and `close()`. */
export async function startSource() {
  const source = await startPeer('./tcp-source.py', sourceSource);
  return {
    async open(command) {
      const socket = net.connect(source.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(`${command}\n`);
      return socket;
    },
    close: () => source.close(),
  };
}
