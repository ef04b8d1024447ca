#!/usr/bin/env node
// Bytes allocated per SteadyTimer wait, as the timers bench does them: N timers (made once), each
// `expiresAfter(60 s)` + `asyncWait(cb)`, then `cancel()` each, until every handler ran; and the
// setTimeout + clearTimeout baseline. Also one wait + its expiry path, and one cancel() of many
// waits. Needs a young generation no scavenge empties during a measurement, and gc:
//
//   node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/tools/alloc-timers.mjs
//
// Built packages: run `npm run build` (or core's rollup) first.
import { SteadyTimer, systemExecutor } from '@asio-ts/core';
const N = 20000;
const timers = Array.from({ length: N }, () => new SteadyTimer(systemExecutor));
const many = new SteadyTimer(systemExecutor);
const handles = new Array(N);
const cases = {
  'asyncWait(cb) + cancel(), one wait each': () =>
    new Promise((resolve) => {
      let n = 0;
      const cb = () => ++n === N && resolve();
      for (const t of timers) { t.expiresAfter(60_000); t.asyncWait(cb); }
      for (const t of timers) t.cancel();
    }),
  'asyncWait(cb) x N on one timer, one cancel()': () =>
    new Promise((resolve) => {
      let n = 0;
      const cb = () => ++n === N && resolve();
      many.expiresAfter(60_000);
      for (let i = 0; i < N; i++) many.asyncWait(cb);
      many.cancel();
    }),
  'setTimeout + clearTimeout (baseline)': async () => {
    const f = () => {};
    for (let i = 0; i < N; i++) handles[i] = setTimeout(f, 60_000);
    for (let i = 0; i < N; i++) clearTimeout(handles[i]);
  },
};
if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc (see the header)');
// The median of 7 batches: a single one varies by some 10 %.
for (const [name, f] of Object.entries(cases)) {
  for (let i = 0; i < 3; i++) await f();
  const per = [];
  for (let i = 0; i < 7; i++) {
    globalThis.gc(); globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    await f();
    per.push((process.memoryUsage().heapUsed - before) / N);
  }
  per.sort((a, b) => a - b);
  console.log(name.padEnd(46), per[3].toFixed(0), 'B/wait', `(${per[0].toFixed(0)}-${per[6].toFixed(0)})`);
}
