// TCP small: 200,000 writes of 64 bytes, each awaited, through fromWritable(socket)
// (`await asyncWrite(s, b, useFuture)`), against raw `socket.write(buf, cb)` awaited the same way
// (`await new Promise(...)`). Whole runs, alternating, MB/s (and writes/s in the JSON).
import { useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { adapter } from '../lib/io-adapters.mjs';
import { closeSocket, connect, startSink } from '../lib/tcp.mjs';

async function oursSmall(stream, buf, count) {
  for (let i = 0; i < count; i++) await asyncWrite(stream, buf, useFuture);
  return count * buf.length;
}

async function rawSmall(socket, buf, count) {
  for (let i = 0; i < count; i++) {
    await new Promise((resolve, reject) => socket.write(buf, (err) => (err ? reject(err) : resolve())));
  }
  return count * buf.length;
}

export default {
  id: 'tcp-small',
  title: 'TCP small',
  kind: 'whole',
  unit: 'MB/s',
  target: 0.9,
  async setup({ quick }) {
    const fromWritable = adapter('fromWritable');
    const buf = Buffer.alloc(64, 0x61);
    const count = quick ? 500 : 200_000;
    const warm = Math.max(100, count >> 4);
    const sink = await startSink();
    // One connection for both sides (they never overlap): two connections can differ in speed
    // by more than the effect measured here.
    const socket = await connect(sink.port);
    const stream = fromWritable(socket);
    return {
      variants: [
        {
          name: `${count.toLocaleString('en-US')} x 64 B, awaited, fromWritable(socket)`,
          baselineLabel: 'await socket.write(buf, cb)',
          writes: count,
          ours: () => oursSmall(stream, buf, count),
          baseline: () => rawSmall(socket, buf, count),
          warmupOurs: () => oursSmall(stream, buf, warm),
          warmupBaseline: () => rawSmall(socket, buf, warm),
        },
      ],
      async teardown() {
        await closeSocket(socket);
        await sink.close();
      },
    };
  },
};
