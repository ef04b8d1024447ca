#!/usr/bin/env node
// CPU time (user + system, process.cpuUsage) of asyncReadUntil on one line of 1, 2, 4 and 8 MiB
// arriving in 1 KiB chunks through fromReadable, the median of 7 runs per size, and
// time(8)/time(1). CPU time rather than wall time, so that other processes on a loaded machine
// count less. Built packages: run `npm run build` first.
//
//   node bench/tools/long-line-cpu.mjs
import { Readable } from 'node:stream';
import { asyncReadUntil, ByteVector, dynamicBuffer, fromReadable } from '@asio-ts/io';

const KiB = 1024;
const MiB = 1024 * KiB;

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

function line(size) {
  return new Promise((resolve, reject) => {
    const buf = dynamicBuffer(new ByteVector());
    asyncReadUntil(fromReadable(chunked(size)), buf, '\n', (err, n) => (err === null && n === size ? resolve() : reject(err ?? new Error(`n=${n}`))));
  });
}

async function cpuMs(size) {
  const t = process.cpuUsage();
  await line(size);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (let i = 0; i < 3; i++) await line(8 * MiB);
const t = {};
for (const k of [1, 2, 4, 8]) {
  const runs = [];
  for (let i = 0; i < 7; i++) runs.push(await cpuMs(k * MiB));
  t[k] = median(runs);
}
console.log(`CPU time by line length: ${[1, 2, 4, 8].map((k) => `${k} MiB ${t[k].toFixed(1)} ms`).join(', ')}; time(8)/time(1) = ${(t[8] / t[1]).toFixed(2)} (linear ≈ 8)`);
