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
// wrraw (the same Writable's own write(buf, cb), its baseline), chco / chcb (the channel row's
// messages, 2,000 a round through Channel(ioc, 1024): between two coSpawn coroutines, between two
// callback loops; one message counts as one operation). Built packages: run
// `npm run build` first.
import { asTuple, bindCancellationSlot, CancellationSignal, Channel, coSpawn, IoContext, deferred, spawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
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
// copy: false, as a socket's adapter writes: this Writable drops each chunk when it calls back.
const writables = Array.from({ length: 100 }, () => fromWritable(new Writable({ write: (_chunk, _encoding, done) => done() }), { copy: false }));
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
/** 2,000 messages through a Channel(ioc, 1024) between two coSpawn coroutines (the channel row). */
async function channelCoroutines() {
  const ioc = new IoContext();
  const ch = new Channel(ioc, 1024);
  coSpawn(ioc, async () => {
    for (let i = 0; i < 2000; i++) await ch.asyncSend([null, i], useAwaitable);
    ch.close();
  }, (e) => { if (e) throw e; });
  coSpawn(ioc, async () => {
    try { for (;;) await ch.asyncReceive(useAwaitable); } catch { /* closed */ }
  }, (e) => { if (e) throw e; });
  await ioc.run();
}
/** The same between two callback loops. */
async function channelCallbacks() {
  const ioc = new IoContext();
  const ch = new Channel(ioc, 1024);
  let sent = 0;
  const send = (err) => { if (err) throw err; if (sent < 2000) ch.asyncSend([null, sent++], send); else ch.close(); };
  const receive = (err) => { if (!err) ch.asyncReceive(receive); };
  send(null);
  ch.asyncReceive(receive);
  await ioc.run();
}
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
  chco: channelCoroutines,
  chcb: channelCallbacks,
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
