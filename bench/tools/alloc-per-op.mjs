#!/usr/bin/env node
// Bytes allocated per operation, ours and the hand-written baselines (20,000 sequential
// operations, one in flight). Needs a young generation big enough that no scavenge runs during a
// measurement, and gc:
//
//   node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/tools/alloc-per-op.mjs
//
// Built packages, as the suite: run `npm run build` first. Each figure is the least of five
// measurements: a measurement that compiles code or grows a feedback vector counts those bytes too.
import { asTuple, bindAbortSignal, bindCancellationSlot, CancellationSignal, coSpawn, deferred, post, spawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite, Streambuf } from '@asio-ts/io';
import { freshChains, freshWorkers, handWrite, kib, MemoryStream, microOp, microPromise, trivialOp } from '../lib/fixtures.mjs';
const N = 20000;
const tupleFuture = asTuple(useFuture);
const buf = kib(); const s = new MemoryStream(); const sb = new Streambuf(); const sig = new CancellationSignal(); const ac = new AbortController();
const cases = {
  'queueMicrotask(fn)': (c) => c(1, N, (next) => queueMicrotask(next)),
  'post(systemExecutor, fn)': (c) => c(1, N, (next) => post(systemExecutor, next)),
  'queueMicrotask(() => cb(null, v))': (c) => c(1, N, (next) => microOp(1, next)),
  'trivial op, callback': (c) => c(1, N, (next) => trivialOp(1, next)),
  'hand write loop': (c) => c(1, N, (next) => handWrite(s, buf, next)),
  'asyncWrite, callback': (c) => c(1, N, (next) => asyncWrite(s, buf, next)),
  'asyncWrite(streambuf), callback': (c) => c(1, N, (next) => { sb.sputn(buf); asyncWrite(s, sb, next); }),
  'asyncWrite + bindCancellationSlot': (c) => c(1, N, (next) => asyncWrite(s, buf, bindCancellationSlot(sig.slot(), next))),
  'asyncWrite + bindAbortSignal': (c) => c(1, N, (next) => asyncWrite(s, buf, bindAbortSignal(ac.signal, next))),
};
const wcases = {
  'await new Promise(queueMicrotask)': (w) => w(1, N, () => microPromise(1)),
  'await op(useFuture)': (w) => w(1, N, () => trivialOp(1, useFuture)),
  'await op(deferred)': (w) => w(1, N, () => trivialOp(1, deferred)),
  'await op(asTuple(useFuture))': (w) => w(1, N, () => trivialOp(1, tupleFuture)),
  'await asyncWrite(useFuture)': (w) => w(1, N, () => asyncWrite(s, buf, useFuture)),
};
// One coroutine running N operations in sequence (the body is made once, like a driver).
const spawnOne = () => new Promise((resolve, reject) => spawn(systemExecutor, function* (y) { for (let k = 0; k < N; k++) yield* trivialOp(1, y); }, (e) => (e ? reject(e) : resolve())));
const coSpawnOne = () => new Promise((resolve, reject) => coSpawn(systemExecutor, async () => { for (let k = 0; k < N; k++) await trivialOp(1, useAwaitable); }, (e) => (e ? reject(e) : resolve())));
// coSpawn last: its AsyncLocalStorage turns on promise hooks while coroutines are alive.
const scases = { 'spawn: yield* op(y)': spawnOne, 'coSpawn: await op(useAwaitable)': coSpawnOne };
async function measure(name, f, mk) {
  for (let i = 0; i < 3; i++) await f(mk());
  let least = Infinity;
  for (let i = 0; i < 5; i++) {
    const c = mk();
    globalThis.gc(); globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    await f(c);
    least = Math.min(least, process.memoryUsage().heapUsed - before);
  }
  console.log(name.padEnd(36), (least / N).toFixed(0), 'B/op');
}
if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc (see the header)');
for (const [n, f] of Object.entries(cases)) await measure(n, f, freshChains);
for (const [n, f] of Object.entries(wcases)) await measure(n, f, freshWorkers);
for (const [n, f] of Object.entries(scases)) await measure(n, (g) => g(), () => f);
