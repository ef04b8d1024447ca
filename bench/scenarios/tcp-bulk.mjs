// TCP bulk: 1 GiB over 127.0.0.1 in 64 KiB asyncWrites through fromWritable(socket), against
// raw socket.write with backpressure ('drain'). Both finish when the last chunk's bytes have left
// the socket's userland buffer (the adapter's completion; the raw side's last write callback).
// Whole runs, alternating, MB/s.
import { asyncWrite } from '@asio-ts/io';
import { adapter } from '../lib/io-adapters.mjs';
import { closeSocket, connect, startSink } from '../lib/tcp.mjs';

function oursBulk(stream, chunk, count) {
  return new Promise((resolve, reject) => {
    let left = count;
    const next = (err) => {
      if (err) return reject(err);
      if (--left === 0) return resolve(count * chunk.length);
      asyncWrite(stream, chunk, next);
    };
    asyncWrite(stream, chunk, next);
  });
}

function rawBulk(socket, chunk, count) {
  return new Promise((resolve, reject) => {
    let left = count;
    const onError = (e) => reject(e);
    socket.once('error', onError);
    const pump = () => {
      while (left > 0) {
        left--;
        if (left === 0) {
          socket.write(chunk, (err) => {
            socket.removeListener('error', onError);
            if (err) reject(err);
            else resolve(count * chunk.length);
          });
          return;
        }
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

export default {
  id: 'tcp-bulk',
  title: 'TCP bulk',
  kind: 'whole',
  unit: 'MB/s',
  target: 0.95,
  async setup({ quick }) {
    const fromWritable = adapter('fromWritable');
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    const total = quick ? 4 * 1024 * 1024 : 1024 * 1024 * 1024;
    const count = total / chunk.length;
    const warm = Math.max(1, count >> 4);
    const sink = await startSink();
    // One connection for both sides (they never overlap): two connections can differ in speed
    // by more than the effect measured here.
    const socket = await connect(sink.port);
    const stream = fromWritable(socket);
    return {
      variants: [
        {
          name: `${total >= 1 << 30 ? total / (1 << 30) + ' GiB' : total / (1 << 20) + ' MiB'} in 64 KiB asyncWrites, fromWritable(socket)`,
          baselineLabel: "socket.write + 'drain'",
          ours: () => oursBulk(stream, chunk, count),
          baseline: () => rawBulk(socket, chunk, count),
          warmupOurs: () => oursBulk(stream, chunk, warm),
          warmupBaseline: () => rawBulk(socket, chunk, warm),
        },
      ],
      async teardown() {
        await closeSocket(socket);
        await sink.close();
      },
    };
  },
};
