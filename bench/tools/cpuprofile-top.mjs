#!/usr/bin/env node
// Top self-time functions of a V8 .cpuprofile (what `node --cpu-prof` writes).
//
//   node bench/tools/cpuprofile-top.mjs PROFILE.cpuprofile [N=25] [--filter substring]
//
// Self time per node is samples × the mean sampling interval; nodes are merged by
// function name + url + line, so the same function reached from several call paths is one row.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The last three segments of a script URL (`core/dist/index.mjs`). */
const tail = (url) => url.replace(/^file:\/\//, '').split('/').slice(-3).join('/');

const args = process.argv.slice(2);
const file = args[0];
if (!file) {
  console.error('usage: cpuprofile-top.mjs PROFILE.cpuprofile [N] [--filter substring]');
  process.exit(2);
}
const n = Number(args[1]) > 0 ? Number(args[1]) : 25;
const fi = args.indexOf('--filter');
const filter = fi >= 0 ? args[fi + 1] : null;

const profile = JSON.parse(readFileSync(file, 'utf8'));
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const totalSamples = profile.samples.length;
const totalUs = profile.endTime - profile.startTime;
const usPerSample = totalUs / totalSamples;

const rows = new Map();
for (const node of profile.nodes) {
  const c = counts.get(node.id) ?? 0;
  if (c === 0) continue;
  const f = node.callFrame;
  const where = f.url ? `${tail(f.url)}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`;
  const row = rows.get(key) ?? { name: f.functionName || '(anonymous)', where, samples: 0 };
  row.samples += c;
  rows.set(key, row);
}
const sorted = [...rows.values()].filter((r) => filter === null || `${r.name} ${r.where}`.includes(filter)).sort((a, b) => b.samples - a.samples);
console.log(`${basename(file)}: ${totalSamples} samples, ${(totalUs / 1e6).toFixed(2)} s, ${usPerSample.toFixed(0)} µs/sample`);
console.log(' self%   self ms  function (file:line)');
for (const r of sorted.slice(0, n)) {
  console.log(`${((100 * r.samples) / totalSamples).toFixed(1).padStart(6)}  ${((r.samples * usPerSample) / 1000).toFixed(1).padStart(8)}  ${r.name} ${r.where}`);
}
