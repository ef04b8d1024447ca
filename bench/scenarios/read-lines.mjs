// Line splitting: lines of 40-200 bytes from a source on 127.0.0.1 (a process of its own,
// bench/lib/tcp-source.mjs), read with asyncReadUntil(fromDuplex(socket), buf, '\n') line by
// line, against Node's readline over the socket. Each run is a new connection; whole runs,
// alternating, MB/s. Nine rounds: a round's ratio spreads from about 0.7 to 1.5 on this machine
// (docs/performance.md, "Seventh recorded run").
import { createInterface } from 'node:readline';
import { errorIs, errors } from '@asio-ts/core';
import { asyncReadUntil, ByteVector, dynamicBuffer } from '@asio-ts/io';
import { adapter } from '../lib/io-adapters.mjs';
import { startSource } from '../lib/tcp-source.mjs';

function oursLines(stream) {
  return new Promise((resolve, reject) => {
    const buf = dynamicBuffer(new ByteVector());
    let lines = 0;
    const done = (err, n) => {
      if (err !== null) return errorIs(err, errors.eof) && buf.size() === 0 ? resolve(lines) : reject(err);
      lines++;
      buf.consume(n);
      asyncReadUntil(stream, buf, '\n', done);
    };
    asyncReadUntil(stream, buf, '\n', done);
  });
}

function readlineLines(socket) {
  return new Promise((resolve, reject) => {
    let lines = 0;
    const rl = createInterface({ input: socket, crlfDelay: Infinity });
    rl.on('line', () => lines++);
    rl.on('close', () => resolve(lines));
    socket.once('error', reject);
  });
}

export default {
  id: 'read-lines',
  title: 'Line splitting',
  kind: 'whole',
  unit: 'MB/s',
  target: 1.0,
  wholeRounds: 9,
  async setup({ quick }) {
    const fromDuplex = adapter('fromDuplex');
    const count = Number(process.env.BENCH_LINES ?? (quick ? 20_000 : 1_000_000));
    const command = `lines ${count} 12345`;
    const source = await startSource();
    // The bytes each run moves (the lines are the same every run).
    let bytes = 0;
    {
      const probe = await source.open(command);
      for await (const d of probe) bytes += d.length;
    }
    const run = async (side) => {
      const socket = await source.open(command);
      try {
        const n = side === 'ours' ? await oursLines(fromDuplex(socket)) : await readlineLines(socket);
        if (n !== count) throw new Error(`${side}: ${n} of ${count} lines`);
        return bytes;
      } finally {
        socket.destroy();
      }
    };
    return {
      variants: [
        {
          name: `${count.toLocaleString('en-US')} lines of 40-200 bytes, asyncReadUntil(s, buf, '\\n')`,
          baselineLabel: "readline over the socket ('line' events)",
          ours: () => run('ours'),
          baseline: () => run('baseline'),
        },
      ],
      teardown: () => source.close(),
    };
  },
};
