// TCP read: 64 MiB from a source on 127.0.0.1 (a process of its own, bench/lib/tcp-source.mjs)
// read with asyncRead in 64 KiB reads through fromDuplex(socket) into one buffer, against a raw
// socket.on('data') consumer copying into one buffer. Each run is a new connection (both sides
// alike); whole runs, alternating, MB/s. 21 rounds, not five: a round takes about 50 ms, and its
// ratio spreads from about 0.5 to 1.2 with how the kernel schedules the two ends, so the median
// needs more of them to settle (docs/performance.md, "Seventh recorded run").
import { errorIs, errors } from '@asio-ts/core';
import { asyncRead } from '@asio-ts/io';
import { adapter } from '../lib/io-adapters.mjs';
import { startSource } from '../lib/tcp-source.mjs';

function oursRead(stream, target) {
  return new Promise((resolve, reject) => {
    let at = 0;
    const next = () => asyncRead(stream, target.subarray(at, Math.min(at + 65536, target.length)), done);
    const done = (err, n) => {
      at += n;
      if (err !== null) {
        return errorIs(err, errors.eof) ? resolve(at) : reject(err);
      }
      if (at === target.length) return resolve(at); // full: the next read would see eof
      next();
    };
    next();
  });
}

function rawRead(socket, target) {
  return new Promise((resolve, reject) => {
    let at = 0;
    socket.on('data', (d) => {
      target.set(d, at);
      at += d.length;
    });
    socket.once('error', reject);
    socket.once('end', () => resolve(at));
  });
}

export default {
  id: 'tcp-read',
  title: 'TCP read',
  kind: 'whole',
  unit: 'MB/s',
  target: 0.9,
  wholeRounds: 21,
  async setup({ quick }) {
    const fromDuplex = adapter('fromDuplex');
    const total = quick ? 4 * 1024 * 1024 : 64 * 1024 * 1024;
    const source = await startSource();
    const target = new Uint8Array(total);
    const run = async (side) => {
      const socket = await source.open(`bulk ${total}`);
      try {
        const n = side === 'ours' ? await oursRead(fromDuplex(socket), target) : await rawRead(socket, target);
        if (n !== total) throw new Error(`${side}: read ${n} of ${total} bytes`);
        return n;
      } finally {
        socket.destroy();
      }
    };
    return {
      variants: [
        {
          name: `${total / (1 << 20)} MiB in 64 KiB asyncReads, fromDuplex(socket)`,
          baselineLabel: "socket.on('data') copying into one buffer",
          ours: () => run('ours'),
          baseline: () => run('baseline'),
        },
      ],
      teardown: () => source.close(),
    };
  },
};
