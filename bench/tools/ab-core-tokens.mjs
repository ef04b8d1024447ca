#!/usr/bin/env node
// Two builds of @asio-ts/core side by side in one process, alternating, on one token pair's ours
// side (the bench's trivial op, each build its own): separate processes differ by more than most
// changes to a token path (the JIT decides differently per process), one process does not.
//
//   git stash; npm run build -w @asio-ts/core; cp -r packages/core/dist /tmp/core-before; git stash pop
//   npm run build -w @asio-ts/core
//   node bench/tools/ab-core-tokens.mjs /tmp/core-before packages/core/dist future|deferred|spawn|coSpawn
//
// Prints ns per operation of each build (median of 12 rounds after 4 warm-up rounds, each round
// 100 batches of 100 chains of 20 operations) and their ratio.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshWorkers, sink } from '../lib/fixtures.mjs';

const [beforeDir, afterDir, which] = process.argv.slice(2);
const kinds = ['future', 'deferred', 'spawn', 'coSpawn'];
if (beforeDir === undefined || afterDir === undefined || !kinds.includes(which)) {
  console.error(`usage: ab-core-tokens.mjs BEFORE_DIST AFTER_DIST ${kinds.join('|')}`);
  process.exit(2);
}
const load = (dir) => import(pathToFileURL(resolve(dir, 'index.mjs')).href);
const builds = { before: await load(beforeDir), after: await load(afterDir) };
const width = 100;
const depth = 20;

function spawned(body) {
  return new Promise((done, fail) => {
    let live = width;
    const finished = (err) => (err ? fail(err) : --live === 0 && done());
    for (let i = 0; i < width; i++) body(finished);
  });
}

function sideOf(M) {
  const initiate = (handler, value) => M.asyncImmediate(M.systemExecutor, M.withAssociationsOf(() => handler(null, value), handler));
  const op = (value, token) => M.asyncInitiate(initiate, token, value);
  const w = freshWorkers();
  switch (which) {
    case 'future':
      return () => w(width, depth, () => op(1, M.useFuture));
    case 'deferred':
      return () => w(width, depth, () => op(1, M.deferred));
    case 'spawn':
      return () =>
        spawned((done) =>
          M.spawn(M.systemExecutor, function* (y) {
            for (let k = 0; k < depth; k++) sink.value += yield* op(1, y);
          }, done),
        );
    default:
      return () =>
        spawned((done) =>
          M.coSpawn(M.systemExecutor, async () => {
            for (let k = 0; k < depth; k++) sink.value += await op(1, M.useAwaitable);
          }, done),
        );
  }
}

// Both builds' first coSpawn runs before anything is timed (a build before the idle switch-off keeps
// its promise hooks on from then; compare builds of the same kind).
if (which === 'coSpawn') for (const M of Object.values(builds)) await M.coSpawn(M.systemExecutor, async () => 1, M.useFuture);
const sides = { before: sideOf(builds.before), after: sideOf(builds.after) };
const times = { before: [], after: [] };
for (let r = 0; r < 16; r++) {
  for (const name of r % 2 === 0 ? ['after', 'before'] : ['before', 'after']) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) await sides[name]();
    if (r >= 4) times[name].push(((performance.now() - t0) * 1e6) / (100 * width * depth));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const [b, a] = [median(times.before), median(times.after)];
console.log(`${which}: before ${b.toFixed(0)} ns/op, after ${a.toFixed(0)} ns/op, after/before ${(a / b).toFixed(3)}`);
