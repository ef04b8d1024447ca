#!/usr/bin/env node
// Instructions per operation of one side of a micro pair (the cases of cpu-per-op.mjs), by
// function: callgrind counts every instruction, and V8's perf map (--perf-basic-prof) names the
// JIT-compiled code it ran, so a JavaScript function's own (self) cost shows beside the engine's
// builtins and C++. As in instructions-per-op.mjs, two runs differ only in their number of
// measured rounds (2 and 6), and the per-function difference over the extra operations leaves
// start-up, warm-up and compilation out. Code-space compaction is off so code does not move.
//
//   node bench/tools/instructions-by-function.mjs CASE [TOP=30]    # e.g. cb, slot
//
// Needs valgrind; about two minutes per case. Built packages: run `npm run build` first.
// `*` before a name is optimized code (TurboFan), `^` Maglev, `~` interpreted or baseline.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cpuPerOp = fileURLToPath(new URL('./cpu-per-op.mjs', import.meta.url));
const opsPerRound = 50 * 2000; // cpu-per-op.mjs measures 50 rounds of 2,000 operations per unit
const [which, topArg] = process.argv.slice(2);
if (which === undefined) {
  console.error('usage: instructions-by-function.mjs CASE [TOP] (the cases of cpu-per-op.mjs)');
  process.exit(2);
}
const top = Number(topArg ?? 30);

/** Self instructions by function name for one run of cpu-per-op.mjs. */
function selfCosts(rounds) {
  const out = join(tmpdir(), `asio-ts-callgrind-${process.pid}-${rounds}.out`);
  const args = ['--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`, process.execPath,
    '--single-threaded', '--perf-basic-prof', '--no-compact-code-space', cpuPerOp, which, String(rounds)];
  const run = spawnSync('valgrind', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`callgrind failed for ${which}:\n${run.error ?? ''}${(run.stderr ?? '').slice(-2000)}`);
  const text = readFileSync(out, 'utf8');
  rmSync(out);
  const pid = /^pid: (\d+)/m.exec(text)[1];
  const mapFile = `/tmp/perf-${pid}.map`;
  const jit = readJitMap(mapFile);
  rmSync(mapFile, { force: true });
  return attribute(text, jit);
}

/** The perf map's code ranges, sorted by start address. */
function readJitMap(file) {
  const ranges = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [start, size, ...name] = line.split(' ');
    return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: name.join(' ') };
  });
  ranges.sort((a, b) => a.start - b.start);
  return ranges;
}

function jitName(ranges, addr) {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= addr) lo = mid + 1;
    else hi = mid - 1;
  }
  const r = ranges[hi];
  return r !== undefined && addr < r.end ? r.name : undefined;
}

/**
 * Self cost per function from callgrind's format (positions "instr line", relative positions
 * as +n/-n, names compressed as "(id) name" once then "(id)"); the line after `calls=` is the
 * inclusive cost of a call, not the caller's own, and is skipped.
 */
function attribute(text, jit) {
  const names = new Map();
  const costs = new Map();
  let fn = '';
  let addr = 0;
  let afterCall = false;
  for (const line of text.split('\n')) {
    const c = line[0];
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '*') {
      const [pos, , cost] = line.split(' ');
      if (pos === '*') { /* same address */ } else if (c === '+') addr += Number(pos.slice(1));
      else if (c === '-') addr -= Number(pos.slice(1));
      else addr = Number(pos);
      if (afterCall) {
        afterCall = false;
        continue;
      }
      const key = fn.startsWith('0x') ? (jitName(jit, addr) ?? 'unnamed JIT code') : fn;
      costs.set(key, (costs.get(key) ?? 0) + Number(cost ?? 0));
    } else if (line.startsWith('calls=')) afterCall = true;
    else if (line.startsWith('fn=') || line.startsWith('cfn=')) {
      // A name is given once, in whichever of the two comes first; fn= and cfn= share the ids.
      const m = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (m !== null && m[2] !== undefined) names.set(m[1], m[2]);
      if (line[0] === 'f') fn = m === null ? line.slice(3) : (names.get(m[1]) ?? '?');
    }
  }
  return costs;
}

const few = selfCosts(2);
const many = selfCosts(6);
const perOp = [...many].map(([name, n]) => [name, (n - (few.get(name) ?? 0)) / (4 * opsPerRound)]);
perOp.sort((a, b) => b[1] - a[1]);
const total = perOp.reduce((sum, [, n]) => sum + n, 0);
console.log(`${which}: ${Math.round(total)} instructions/op; by function (self):`);
for (const [name, n] of perOp.slice(0, top)) console.log(`${n.toFixed(0).padStart(7)}  ${name.replace('file://', '').slice(0, 150)}`);
