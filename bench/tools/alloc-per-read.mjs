#!/usr/bin/env node
// Objects and bytes allocated per line / per chunk by the read side, ours and the Node baselines,
// over in-memory Readables (no socket, so only the reading code allocates):
//
//   node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/tools/alloc-per-read.mjs [--sites]
//
// - lines: 20,000 lines of 40-200 bytes in 64 KiB chunks, asyncReadUntil(fromReadable(r), buf,
//   '\n') line by line against readline's 'line' events;
// - long line: one 1 MiB line in 1 KiB chunks, per chunk, against 'data' + indexOf + copy;
// - bulk: 16 MiB in 64 KiB chunks read with asyncRead in 64 KiB reads, per chunk, against
//   'data' copying into one buffer.
//
// Objects are counted by V8's sampling heap profiler at a 1-byte interval (every allocation,
// including those a scavenge collects); bytes are heapUsed before and after, with no scavenge
// in between. `--sites` also prints the top allocation sites of each of our cases. Built
// packages, as the suite: run `npm run build` first.
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { errorIs, errors } from '@asio-ts/core';
import { asyncRead, asyncReadUntil, ByteVector, dynamicBuffer, fromReadable } from '@asio-ts/io';

const KiB = 1024;
const showSites = process.argv.includes('--sites');

function lineData(count) {
  let x = 12345;
  const next = () => ((x ^= x << 13), (x >>>= 0), (x ^= x >>> 17), (x ^= x << 5), (x >>>= 0));
  const lens = Array.from({ length: count }, () => 40 + (next() % 161));
  const b = Buffer.allocUnsafe(lens.reduce((a, n) => a + n + 1, 0));
  let at = 0;
  for (const n of lens) {
    for (let j = 0; j < n; j++) b[at++] = 33 + (next() % 94);
    b[at++] = 10;
  }
  return b;
}

/** A Readable of `data` in `chunk`-byte views (made before the measurement starts). */
function source(data, chunk) {
  const parts = [];
  for (let at = 0; at < data.length; at += chunk) parts.push(data.subarray(at, at + chunk));
  let i = 0;
  return new Readable({
    highWaterMark: 64 * KiB,
    read() {
      this.push(i < parts.length ? parts[i++] : null);
    },
  });
}

const lines = lineData(20_000);
const lineCount = 20_000;
const longLine = Buffer.alloc(1024 * KiB, 0x61);
longLine[longLine.length - 1] = 0x0a;
const bulk = Buffer.alloc(16 * 1024 * KiB, 0x5a);
const bulkTarget = new Uint8Array(bulk.length);

function oursLines(r) {
  return new Promise((resolve, reject) => {
    const s = fromReadable(r);
    const buf = dynamicBuffer(new ByteVector());
    let n = 0;
    const done = (err, len) => {
      if (err !== null) return errorIs(err, errors.eof) && n === lineCount ? resolve() : reject(err);
      n++;
      buf.consume(len);
      asyncReadUntil(s, buf, '\n', done);
    };
    asyncReadUntil(s, buf, '\n', done);
  });
}

function readlineLines(r) {
  return new Promise((resolve) => {
    let n = 0;
    const rl = createInterface({ input: r, crlfDelay: Infinity });
    rl.on('line', () => n++);
    rl.on('close', () => resolve(n));
  });
}

function oursLong(r) {
  return new Promise((resolve, reject) => {
    asyncReadUntil(fromReadable(r), dynamicBuffer(new ByteVector()), '\n', (err, n) => (err === null && n === longLine.length ? resolve() : reject(err ?? new Error(`n=${n}`))));
  });
}

function handLong(r) {
  return new Promise((resolve) => {
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
      if (i >= 0) resolve();
    });
  });
}

function oursBulk(r) {
  return new Promise((resolve, reject) => {
    const s = fromReadable(r);
    let at = 0;
    const done = (err, n) => {
      at += n;
      if (err !== null) return errorIs(err, errors.eof) && at === bulk.length ? resolve() : reject(err);
      if (at === bulkTarget.length) return resolve();
      asyncRead(s, bulkTarget.subarray(at, at + 64 * KiB), done);
    };
    asyncRead(s, bulkTarget.subarray(0, 64 * KiB), done);
  });
}

function rawBulk(r) {
  return new Promise((resolve) => {
    let at = 0;
    r.on('data', (d) => {
      bulkTarget.set(d, at);
      at += d.length;
    });
    r.once('end', resolve);
  });
}

const cases = [
  ['asyncReadUntil, per line', lineCount, () => source(lines, 64 * KiB), oursLines],
  ['readline, per line', lineCount, () => source(lines, 64 * KiB), readlineLines],
  ['asyncReadUntil long line, per 1 KiB chunk', longLine.length / KiB, () => source(longLine, KiB), oursLong],
  ["'data' + indexOf + copy, per 1 KiB chunk", longLine.length / KiB, () => source(longLine, KiB), handLong],
  ['asyncRead 64 KiB, per 64 KiB chunk', bulk.length / (64 * KiB), () => source(bulk, 64 * KiB), oursBulk],
  ["'data' + copy, per 64 KiB chunk", bulk.length / (64 * KiB), () => source(bulk, 64 * KiB), rawBulk],
];

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');

async function objects(make, run) {
  const r = make();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await run(r);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const byId = new Map();
  const walk = (node) => {
    byId.set(node.id, node);
    for (const c of node.children) walk(c);
  };
  walk(profile.head);
  const sites = new Map();
  for (const s of profile.samples) {
    const f = byId.get(s.nodeId).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    sites.set(key, (sites.get(key) ?? 0) + 1);
  }
  return { count: profile.samples.length, sites };
}

async function bytes(make, run) {
  const r = make();
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  await run(r);
  return process.memoryUsage().heapUsed - before;
}

if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc (see the header)');
for (const [name, per, make, run] of cases) {
  for (let i = 0; i < 3; i++) await run(make());
  const b = await bytes(make, run);
  const o = await objects(make, run);
  console.log(`${name.padEnd(44)} ${(o.count / per).toFixed(2).padStart(8)} objects ${(b / per).toFixed(0).padStart(7)} B`);
  if (showSites && !name.startsWith('readline') && !name.startsWith("'data'")) {
    for (const [site, n] of [...o.sites].sort((a, c) => c[1] - a[1]).slice(0, 12)) console.log(`    ${(n / per).toFixed(2).padStart(8)}  ${site}`);
  }
}
