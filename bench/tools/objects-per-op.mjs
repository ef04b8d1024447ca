#!/usr/bin/env node
// Objects allocated per operation, and by which function, for one case of alloc-per-op.mjs's
// list: V8's sampling heap profiler with a 1-byte interval samples every allocation, and keeps
// those already collected.
//
//   node bench/tools/objects-per-op.mjs                  # every case, each in its own process
//   node --no-turbo-inlining bench/tools/objects-per-op.mjs 'asyncWrite, callback'   # by function
//
// Optimized code folds several allocations into one, which the profiler would see as one object:
// the tool turns folding off. Inlined functions allocate in their caller's name;
// `--no-turbo-inlining` names each one. Built packages: run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { asTuple, bindAbortSignal, bindCancellationSlot, CancellationSignal, coSpawn, deferred, spawn, SteadyTimer, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite, Streambuf } from '@asio-ts/io';
import { freshChains, freshWorkers, handWrite, kib, MemoryStream, microOp, microPromise, trivialOp } from '../lib/fixtures.mjs';

setFlagsFromString('--no-turbo-allocation-folding');
const N = 2000;
const buf = kib(); const s = new MemoryStream(); const sb = new Streambuf(); const sig = new CancellationSignal(); const ac = new AbortController();
const tupleFuture = asTuple(useFuture);
const timers = Array.from({ length: N }, () => new SteadyTimer(systemExecutor));
const chain = (issue) => () => freshChains()(1, N, issue);
const work = (op) => () => freshWorkers()(1, N, op);
const cases = {
  'queueMicrotask(() => cb(null, v))': chain((next) => microOp(1, next)),
  'trivial op, callback': chain((next) => trivialOp(1, next)),
  'hand write loop': chain((next) => handWrite(s, buf, next)),
  'asyncWrite, callback': chain((next) => asyncWrite(s, buf, next)),
  'asyncWrite(streambuf), callback': chain((next) => { sb.sputn(buf); asyncWrite(s, sb, next); }),
  'asyncWrite + bindCancellationSlot': chain((next) => asyncWrite(s, buf, bindCancellationSlot(sig.slot(), next))),
  'asyncWrite + bindAbortSignal': chain((next) => asyncWrite(s, buf, bindAbortSignal(ac.signal, next))),
  'await new Promise(queueMicrotask)': work(() => microPromise(1)),
  'await op(useFuture)': work(() => trivialOp(1, useFuture)),
  'await op(deferred)': work(() => trivialOp(1, deferred)),
  'await op(asTuple(useFuture))': work(() => trivialOp(1, tupleFuture)),
  'await asyncWrite(useFuture)': work(() => asyncWrite(s, buf, useFuture)),
  'spawn: yield* op(y)': () => new Promise((resolve, reject) => spawn(systemExecutor, function* (y) { for (let k = 0; k < N; k++) yield* trivialOp(1, y); }, (e) => (e ? reject(e) : resolve()))),
  'SteadyTimer asyncWait(cb), then cancel()': () =>
    new Promise((resolve) => {
      let n = 0;
      const cb = () => ++n === N && resolve();
      for (let i = 0; i < N; i++) { timers[i].expiresAfter(60_000); timers[i].asyncWait(cb); }
      for (let i = 0; i < N; i++) timers[i].cancel();
    }),
  // Last: its AsyncLocalStorage turns on promise hooks while coroutines are alive.
  'coSpawn: await op(useAwaitable)': () => new Promise((resolve, reject) => coSpawn(systemExecutor, async () => { for (let k = 0; k < N; k++) await trivialOp(1, useAwaitable); }, (e) => (e ? reject(e) : resolve()))),
};

const only = process.argv[2];
if (only === undefined) {
  // A fresh process per case: what ran before would change what the optimizer inlines.
  for (const name of Object.keys(cases)) {
    const out = execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, name, '--total'], { encoding: 'utf8' });
    process.stdout.write(out);
  }
  process.exit(0);
}
const session = new Session();
session.connect();

/** Samples of one run of `f` (after warming it up), by allocating function. */
async function sample(f) {
  for (let i = 0; i < 5; i++) await f();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await f();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const where = new Map();
  const walk = (node) => {
    const fr = node.callFrame;
    where.set(node.id, `${fr.functionName || '(anonymous)'} ${fr.url.split('/').slice(-2).join('/')}:${fr.lineNumber + 1}`);
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const rows = new Map();
  for (const { nodeId, size } of profile.samples) {
    const row = rows.get(where.get(nodeId)) ?? { objects: 0, bytes: 0 };
    row.objects++;
    row.bytes += size;
    rows.set(where.get(nodeId), row);
  }
  // The profiler's own messages are not the operation's.
  for (const k of rows.keys()) if (k.includes('node:inspector') || k.includes('inspector/promises')) rows.delete(k);
  return rows;
}

const f = cases[only];
if (f === undefined) throw new Error(`no case named ${only}`);
{
  const rows = await sample(f);
  let objects = 0;
  for (const r of rows.values()) objects += r.objects;
  console.log(only.padEnd(36), (objects / N).toFixed(1), 'objects/op');
  for (const [k, r] of [...rows].sort((a, b) => b[1].objects - a[1].objects)) {
    if (process.argv[3] !== '--total' && r.objects / N >= 0.05) console.log(`  ${(r.objects / N).toFixed(2).padStart(6)} ${(r.bytes / N).toFixed(0).padStart(5)} B  ${k}`);
  }
}
session.disconnect();
