#!/usr/bin/env node
// CPU time per operation of one side of a micro pair, run alone: `process.cpuUsage` (user +
// system, GC threads included) over 100 chains of 20 operations in flight, after a warm-up.
// Less disturbed by a loaded machine than wall time; compare two builds by alternating runs.
//
//   node bench/tools/cpu-per-op.mjs CASE [ROUNDS=4]
//
// Cases: cb, hand, sb, plain, slot, fu, opfu, opdef, optup, spawn, co (spawn and co: 100
// coroutines of 20 awaited trivial ops each, as the other-tokens pairs), wr (the composed write
// through fromWritable over an in-memory stream.Writable: the adapter's path without a kernel),
// wrraw (the same Writable's own write(buf, cb), its baseline). Built packages: run
// `npm run build` first.
import { asTuple, bindCancellationSlot, CancellationSignal, coSpawn, deferred, spawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { Writable } from 'node:stream';
import { asyncWrite, fromWritable, Streambuf } from '@asio-ts/io';
import { freshChains, freshWorkers, handWrite, kib, MemoryStream, trivialOp } from '../lib/fixtures.mjs';

const which = process.argv[2];
const rounds = Number(process.argv[3] ?? 4);
const buf = kib();
const streams = Array.from({ length: 100 }, () => new MemoryStream());
const sbs = Array.from({ length: 100 }, () => new Streambuf());
const plains = Array.from({ length: 100 }, () => new Uint8Array(buf.length));
const sig = new CancellationSignal();
const rawWritables = Array.from({ length: 100 }, () => new Writable({ write: (_chunk, _encoding, done) => done() }));
const writables = Array.from({ length: 100 }, () => fromWritable(new Writable({ write: (_chunk, _encoding, done) => done() })));
const tupleFuture = asTuple(useFuture);
const c = freshChains();
/** `width` coroutines started by `start(depth, done)`; resolves when all are done. */
const coroutines = (width, depth, start) =>
  new Promise((resolve, reject) => {
    let live = width;
    const done = (err) => (err ? reject(err) : --live === 0 && resolve());
    for (let i = 0; i < width; i++) start(depth, done);
  });
const w = freshWorkers();
const cases = {
  cb: () => c(100, 20, (next, i) => asyncWrite(streams[i], buf, next)),
  hand: () => c(100, 20, (next, i) => handWrite(streams[i], buf, next)),
  sb: () => c(100, 20, (next, i) => { sbs[i].sputn(buf); asyncWrite(streams[i], sbs[i], next); }),
  plain: () => c(100, 20, (next, i) => { plains[i].set(buf); asyncWrite(streams[i], plains[i], next); }),
  slot: () => c(100, 20, (next, i) => asyncWrite(streams[i], buf, bindCancellationSlot(sig.slot(), next))),
  fu: () => w(100, 20, (i) => asyncWrite(streams[i], buf, useFuture)),
  wr: () => c(100, 20, (next, i) => asyncWrite(writables[i], buf, next)),
  wrraw: () => c(100, 20, (next, i) => rawWritables[i].write(buf, (err) => next(err ?? null, buf.length))),
  opfu: () => w(100, 20, () => trivialOp(1, useFuture)),
  opdef: () => w(100, 20, () => trivialOp(1, deferred)),
  optup: () => w(100, 20, () => trivialOp(1, tupleFuture)),
  spawn: () =>
    coroutines(100, 20, (n, done) =>
      spawn(systemExecutor, function* (y) {
        for (let k = 0; k < n; k++) yield* trivialOp(1, y);
      }, done),
    ),
  co: () =>
    coroutines(100, 20, (n, done) =>
      coSpawn(systemExecutor, async () => {
        for (let k = 0; k < n; k++) await trivialOp(1, useAwaitable);
      }, done),
    ),
};
const f = cases[which];
if (f === undefined) throw new Error(`case must be one of ${Object.keys(cases).join(', ')}`);
for (let r = 0; r < 100; r++) await f();
const start = process.cpuUsage();
let ops = 0;
for (let r = 0; r < rounds * 50; r++) {
  await f();
  ops += 2000;
}
const used = process.cpuUsage(start);
console.log(which, (((used.user + used.system) * 1000) / ops).toFixed(0), 'ns CPU/op');
