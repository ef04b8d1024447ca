// One long line: asyncReadUntil(s, buf, '\n') on a line of 1, 2, 4 and 8 MiB (64-512 KiB with
// --quick) arriving in 1 KiB chunks (a Readable through fromReadable), against a hand-written
// 'data' consumer that searches each chunk and copies it into one growing buffer. Informational:
// the point is the time per size, and time(8)/time(1) (≈ 8 when the search is linear), which the
// run prints after the rows.
import { Readable } from 'node:stream';
import { asyncReadUntil, ByteVector, dynamicBuffer } from '@asio-ts/io';
import { adapter } from '../lib/io-adapters.mjs';

const KiB = 1024;

function chunked(size) {
  const chunk = Buffer.alloc(KiB, 0x61);
  const last = Buffer.alloc(KiB, 0x61);
  last[KiB - 1] = 0x0a;
  let left = size / KiB;
  return new Readable({
    highWaterMark: 16 * KiB,
    read() {
      this.push(--left === 0 ? last : chunk);
      if (left === 0) this.push(null);
    },
  });
}

function oursLine(fromReadable, size) {
  return new Promise((resolve, reject) => {
    const buf = dynamicBuffer(new ByteVector());
    asyncReadUntil(fromReadable(chunked(size)), buf, '\n', (err, n) => (err !== null ? reject(err) : n === size ? resolve(n) : reject(new Error(`n=${n}`))));
  });
}

function handLine(size) {
  return new Promise((resolve, reject) => {
    const r = chunked(size);
    let store = Buffer.allocUnsafe(4 * KiB);
    let at = 0;
    r.on('data', (d) => {
      if (at + d.length > store.length) {
        const bigger = Buffer.allocUnsafe(Math.max(store.length * 2, at + d.length));
        store.copy(bigger, 0, 0, at);
        store = bigger;
      }
      const i = d.indexOf(0x0a);
      d.copy(store, at);
      at += d.length;
      if (i >= 0) {
        r.destroy();
        resolve(at - d.length + i + 1);
      }
    });
    r.once('error', reject);
  });
}

export default {
  id: 'read-long-line',
  title: 'One long line',
  kind: 'whole',
  unit: 'MB/s',
  target: 0.9,
  async setup({ quick }) {
    const fromReadable = adapter('fromReadable');
    const unit = quick ? 64 * KiB : 1024 * KiB;
    const seconds = new Map();
    const timed = async (size) => {
      const t0 = process.hrtime.bigint();
      const n = await oursLine(fromReadable, size);
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      seconds.set(size, [...(seconds.get(size) ?? []), s]);
      return n;
    };
    const label = (n) => (n >= 1 << 20 ? `${n / (1 << 20)} MiB` : `${n / KiB} KiB`);
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    return {
      variants: [1, 2, 4, 8].map((k) => ({
        name: `one line of ${label(k * unit)} in 1 KiB chunks, asyncReadUntil`,
        baselineLabel: "'data' + indexOf + copy into one buffer",
        informational: true,
        ours: () => timed(k * unit),
        baseline: () => handLine(k * unit),
      })),
      check() {
        const t = [1, 2, 4, 8].map((k) => median(seconds.get(k * unit) ?? [NaN]));
        console.log(
          `  read-long-line: asyncReadUntil time by size ${[1, 2, 4, 8].map((k, i) => `${label(k * unit)} ${(t[i] * 1e3).toFixed(1)} ms`).join(', ')}; ` +
            `time(8)/time(1) = ${(t[3] / t[0]).toFixed(2)} (linear ≈ 8)`,
        );
        return true;
      },
      teardown() {},
    };
  },
};
