#!/usr/bin/env node
// Bytes per coroutine and per operation for `spawn` and `coSpawn`: 2,000 coroutines of 1 and of
// 21 trivial operations each; the difference gives the bytes per operation, the rest is what a
// coroutine costs beyond its operations. Needs gc and a young generation no scavenge empties
// during a measurement:
//
//   node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/tools/alloc-per-coroutine.mjs spawn|coSpawn
//
// Built packages, as the suite: run `npm run build` first. Each figure is the least of seven.
import { coSpawn, spawn, systemExecutor, useAwaitable } from '@asio-ts/core';
import { trivialOp } from '../lib/fixtures.mjs';

const kind = process.argv[2] ?? 'spawn';
if (kind !== 'spawn' && kind !== 'coSpawn') throw new TypeError('usage: alloc-per-coroutine.mjs spawn|coSpawn');

function many(count, depth) {
  return new Promise((resolve, reject) => {
    let live = count;
    const done = (e) => (e ? reject(e) : --live === 0 && resolve());
    for (let i = 0; i < count; i++) {
      if (kind === 'spawn') {
        spawn(systemExecutor, function* (y) {
          for (let k = 0; k < depth; k++) yield* trivialOp(1, y);
        }, done);
      } else {
        coSpawn(systemExecutor, async () => {
          for (let k = 0; k < depth; k++) await trivialOp(1, useAwaitable);
        }, done);
      }
    }
  });
}

async function bytesPerCoroutine(count, depth) {
  let least = Infinity;
  for (let i = 0; i < 7; i++) {
    await many(count, depth);
    gc();
    const before = process.memoryUsage().heapUsed;
    await many(count, depth);
    least = Math.min(least, process.memoryUsage().heapUsed - before);
  }
  return least / count;
}

const one = await bytesPerCoroutine(2000, 1);
const many21 = await bytesPerCoroutine(2000, 21);
const perOp = (many21 - one) / 20;
console.log(`${kind}: ${perOp.toFixed(0)} B per operation, ${(one - perOp).toFixed(0)} B per coroutine beyond its operations`);
