import { useFuture } from '@asio-ts/core';
import { asyncWrite, fromWritable } from '@asio-ts/io';
import { closeSocket, connect, startSink } from './lib/tcp.mjs';
const sink = await startSink();
const socket = await connect(sink.port);
const stream = fromWritable(socket);
const buf = Buffer.alloc(64, 0x61);
const N = 50000;
const sides = {
  raw: async () => { for (let i = 0; i < N; i++) await new Promise((res, rej) => socket.write(buf, (e) => e ? rej(e) : res())); },
  some: async () => { for (let i = 0; i < N; i++) await stream.asyncWriteSome(buf, useFuture); },
  write: async () => { for (let i = 0; i < N; i++) await asyncWrite(stream, buf, useFuture); },
  someCb: async () => { for (let i = 0; i < N; i++) await new Promise((res, rej) => stream.asyncWriteSome(buf, (e) => e ? rej(e) : res())); },
};
const res = {};
for (let r = 0; r < 6; r++) for (const [k, f] of Object.entries(sides)) {
  const t0 = performance.now(); await f(); const dt = performance.now() - t0;
  if (r > 0) (res[k] ??= []).push(dt * 1000 / N);
}
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(8), v.map((x) => x.toFixed(2)).join(' '), 'us/op');
await closeSocket(socket); await sink.close();
