#!/usr/bin/env node
// The two chat servers of examples/ side by side (chat-server: a writer coroutine woken by a
// timer; chat-fanout: a WriteQueue per session): socket writes and bytes allocated per
// delivered message, counts that do not depend on the machine's load. One sender sends LINES
// lines at once to a room of CLIENTS Node clients (the sender included); every client reads them
// all. Bytes come from V8's sampling heap profiler with collected objects kept, so garbage counts.
//
//   npm run build && node bench/tools/chat-fanout-alloc.mjs [CLIENTS=20] [LINES=2000]
import { once } from 'node:events';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';

// The examples are CommonJS: load them, and the net build they use, through require.
const require = createRequire(new URL('../../examples/dist/', import.meta.url));
const { tcp } = require('@asio-ts/net');
const { ChatRoom } = require('./chat-room.js');

const clients = Number(process.argv[2] ?? 20);
const lines = Number(process.argv[3] ?? 2000);

let writes = 0;
const writeSome = tcp.Socket.prototype.asyncWriteSome;
tcp.Socket.prototype.asyncWriteSome = function (...args) {
  writes++;
  return writeSome.apply(this, args);
};
let joins = 0;
const join = ChatRoom.prototype.join;
ChatRoom.prototype.join = function (participant) {
  joins++;
  return join.call(this, participant);
};

const session = new Session();
session.connect();

async function measure(name) {
  const { start } = require(`./${name}.js`);
  const server = start([0]);
  joins = 0;
  const sockets = await Promise.all(
    Array.from({ length: clients }, async () => {
      const s = createConnection({ host: '127.0.0.1', port: server.ports[0] });
      await once(s, 'connect');
      return s;
    }),
  );
  // Every session in the room before the first line: a late one would get only the history.
  while (joins < clients) await new Promise((resolve) => setTimeout(resolve, 5));
  const received = sockets.map(
    (s) =>
      new Promise((resolve) => {
        let n = 0;
        s.on('data', (d) => {
          for (const b of d) if (b === 10) n++;
          if (n >= lines) resolve();
        });
      }),
  );
  let text = '';
  for (let i = 0; i < lines; i++) text += `message number ${i}\n`;
  writes = 0;
  await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  sockets[0].write(text);
  await Promise.all(received);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  let bytes = 0;
  const walk = (node) => {
    bytes += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);
  const delivered = clients * lines;
  console.log(
    `${name.padEnd(12)} socket writes per delivered message ${(writes / delivered).toFixed(3)}, bytes allocated per delivered message ${(bytes / delivered).toFixed(0)} (the clients' included)`,
  );
  for (const s of sockets) s.destroy();
  await server.stop();
}

await measure('chat-server');
await measure('chat-fanout');
session.disconnect();
