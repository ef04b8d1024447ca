#!/usr/bin/env node
// What resuming a generator made by a fresh generator function costs, by how `next` is reached
// (the reason for core's detail/generator-steps.ts): `spawn(ex, function* (y) { ... })` makes a
// new generator function per call, so every coroutine's generator has a map of its own.
//
//   node bench/tools/generator-steps.mjs
//
// Each figure is ns per generator (made, then resumed twice), the median of three rounds of 10^6.
const N = 1e6;
let sink = 0;

function time(name, f) {
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sink += f();
    runs.push(Number(process.hrtime.bigint() - t0) / N);
  }
  runs.sort((a, b) => a - b);
  console.log(`${name.padEnd(52)} ${runs[1].toFixed(0).padStart(6)} ns`);
}

const enginePrototype = Object.getPrototypeOf(function* () {}).prototype;
const engineNext = enginePrototype.next;
const make = () =>
  function* () {
    sink += yield 1;
    return 1;
  };
const shared = make();

time('one generator function: g.next()', () => {
  const g = shared();
  g.next();
  return g.next(2).value;
});
time('a fresh generator function each time: g.next()', () => {
  const g = make()();
  g.next();
  return g.next(2).value;
});
time('a fresh generator function: the engine next, called', () => {
  const g = make()();
  engineNext.call(g);
  return engineNext.call(g, 2).value;
});
time('a fresh generator function: made, never resumed', () => {
  make()();
  return 1;
});
if (!Number.isFinite(sink)) throw new Error('unreachable: keeps the sum alive');
