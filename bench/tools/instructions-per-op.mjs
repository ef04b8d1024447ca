#!/usr/bin/env node
// Instructions per operation of one side of a micro pair (the cases of cpu-per-op.mjs), counted
// by valgrind's callgrind: the count repeats within about 1 % between runs, whatever else the
// machine is doing, where CPU time on a shared machine spreads by 30 % or more. Two runs differ
// only in how many measured rounds they do (2 and 6); their difference over the extra
// operations leaves start-up, warm-up and JIT compilation out.
//
//   node bench/tools/instructions-per-op.mjs CASE [CASE...]      # e.g. cb hand slot sb
//
// Needs valgrind; about 50 s per case. Built packages: run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cpuPerOp = fileURLToPath(new URL('./cpu-per-op.mjs', import.meta.url));
// cpu-per-op.mjs measures 50 rounds of 2,000 operations per ROUNDS unit.
const opsPerRound = 50 * 2000;
const cases = process.argv.slice(2);
if (cases.length === 0) {
  console.error('usage: instructions-per-op.mjs CASE [CASE...] (the cases of cpu-per-op.mjs)');
  process.exit(2);
}

/** The total instructions callgrind counted for one run of cpu-per-op.mjs (it reports on stderr). */
function instructions(which, rounds) {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', cpuPerOp, which, String(rounds)];
  const run = spawnSync('valgrind', args, { encoding: 'utf8' });
  const m = /Collected : ([\d,]+)/.exec(run.stderr ?? '');
  if (run.status !== 0 || m === null) throw new Error(`callgrind gave no count for ${which}:\n${run.error ?? ''}${(run.stderr ?? '').slice(-2000)}`);
  return Number(m[1].replaceAll(',', ''));
}

for (const which of cases) {
  const few = instructions(which, 2);
  const many = instructions(which, 6);
  console.log(`${which} ${Math.round((many - few) / (4 * opsPerRound))} instructions/op`);
}
