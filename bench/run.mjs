#!/usr/bin/env node
// The asio-ts benchmark suite: every token kind against what a Node developer writes by hand for
// the same job (queueMicrotask, new Promise, a write loop, addEventListener), every adapter
// against the raw Node stream it wraps, and the other tokens against the useFuture figure of the
// same run; both sides in this one process, interleaved. Imports the BUILT packages: run
// `npm run build` first.
//
//   npm run bench                          full run, prints the table
//   npm run bench -- --json out.json       ... and writes the results as JSON
//   npm run bench -- --quick               small I/O sizes, 3 short rounds (a smoke run: every
//                                          row runs, in seconds; the figures are rough)
//   npm run bench -- --only tcp-small,file only these pairs/measurements (ids below)
//   npm run bench -- --rounds 8 --time 400 more rounds / longer tinybench rounds (ms)
//   npm run bench -- --md table.md         also write the table as Markdown
//   node --cpu-prof bench/run.mjs --only composed-write --side ours
//                                          run one side only, to profile it alone
//
// Ids: callback, promise, other-tokens, composed-write, dynamic-buffer, tcp-bulk, tcp-small,
// file, cancellation, tcp-read, read-lines, read-long-line, timers, accept-rate, echo-roundtrip,
// writequeue-tcp, channel, in-flight, heap.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { microPair, wholePair } from './lib/harness.mjs';
import { Unavailable } from './lib/io-adapters.mjs';

import callback from './scenarios/callback.mjs';
import promise from './scenarios/promise.mjs';
import otherTokens from './scenarios/other-tokens.mjs';
import composedWrite from './scenarios/composed-write.mjs';
import dynamicBuffer from './scenarios/dynamic-buffer.mjs';
import tcpBulk from './scenarios/tcp-bulk.mjs';
import tcpSmall from './scenarios/tcp-small.mjs';
import file from './scenarios/file.mjs';
import cancellation from './scenarios/cancellation.mjs';
import inFlight from './scenarios/in-flight.mjs';
import heap from './scenarios/heap.mjs';
import tcpRead from './scenarios/tcp-read.mjs';
import readLines from './scenarios/read-lines.mjs';
import readLongLine from './scenarios/read-long-line.mjs';
import timers from './scenarios/timers.mjs';
import acceptRate from './scenarios/accept-rate.mjs';
import echoRoundtrip from './scenarios/echo-roundtrip.mjs';
import writeQueueTcp from './scenarios/writequeue-tcp.mjs';
import channel from './scenarios/channel.mjs';

/** The pairs in the order of the spec (and of the printed table). */
const pairs = [callback, promise, otherTokens, composedWrite, dynamicBuffer, tcpBulk, tcpSmall, file, cancellation, tcpRead, readLines, readLongLine, timers, acceptRate, echoRoundtrip, writeQueueTcp, channel];
const measures = [inFlight, heap];
/**
 * The order they run in. The pairs with coroutines go last (`other-tokens`, whose coSpawn
 * variant is the first user of AsyncLocalStorage.run(), then `echo-roundtrip` and `channel`):
 * on Node 20 promise hooks are on while a coroutine is alive, until a macrotask after the last
 * one ended, and no earlier pair should depend on when that macrotask comes.
 */
const runOrder = [callback, promise, composedWrite, dynamicBuffer, cancellation, timers, inFlight, heap, tcpBulk, tcpSmall, file, tcpRead, readLines, readLongLine, acceptRate, writeQueueTcp, otherTokens, echoRoundtrip, channel];

function parseArgs(argv) {
  const args = { quick: false, json: null, md: null, only: null, rounds: null, time: null, side: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--json') args.json = value();
    else if (a === '--md') args.md = value();
    else if (a === '--only') args.only = new Set(value().split(','));
    else if (a === '--rounds') args.rounds = Number(value());
    else if (a === '--time') args.time = Number(value());
    else if (a === '--side') {
      args.side = value();
      if (args.side !== 'ours' && args.side !== 'baseline') throw new Error('--side must be ours or baseline');
    }
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/run.mjs [--quick] [--json FILE] [--md FILE] [--only id,id] [--rounds N] [--time MS] [--side ours|baseline]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (args.only !== null) {
    const known = new Set([...pairs, ...measures].map((s) => s.id));
    for (const id of args.only) if (!known.has(id)) throw new Error(`--only: unknown id ${id} (known: ${[...known].join(', ')})`);
  }
  return args;
}

/** A whole pair may ask for more rounds than the default (a short run with a wide spread); --quick and --rounds decide over it. */
function wholeRoundsFor(pair, settings) {
  return settings.quick || settings.roundsGiven || pair.wholeRounds === undefined ? settings.wholeRounds : pair.wholeRounds;
}

function settingsFor(args) {
  const s = args.quick
    ? { quick: true, width: 100, depth: 20, rounds: 3, time: 40, warmupTime: 40, iterations: 8, wholeRounds: 3 }
    : { quick: false, width: 100, depth: 20, rounds: 6, time: 250, warmupTime: 250, iterations: 16, wholeRounds: 5 };
  s.roundsGiven = args.rounds !== null;
  if (args.rounds !== null) {
    s.rounds = args.rounds;
    s.wholeRounds = args.rounds;
  }
  if (args.time !== null) s.time = args.time;
  s.side = args.side;
  return s;
}

function fmtFigure(v, unit) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a';
  if (unit === 'MB/s') return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} MB/s`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M ops/s`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} k ops/s`;
  return `${v.toFixed(0)} ops/s`;
}

/** The spread of the per-round ratios: `min–max` over the rounds. */
function fmtSpread(row) {
  const rs = (row.rounds ?? []).map((x) => x.ratio).filter(Number.isFinite);
  if (rs.length === 0) return '';
  return `${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)} (${rs.length})`;
}

function rowCells(pair, row) {
  const ok = row.status === 'ok';
  const info = row.informational === true;
  const holds = ok ? (row.holds ? 'yes' : 'NO') : row.status === 'unavailable' ? 'n/a' : 'ERROR';
  return [
    pair.title,
    row.name,
    row.baselineLabel,
    ok ? fmtFigure(row.ours, pair.unit) : row.status,
    ok ? fmtFigure(row.baseline, pair.unit) : '',
    ok ? row.ratio.toFixed(3) : '',
    ok ? fmtSpread(row) : '',
    `≥ ${row.target}${info ? ' (info)' : ''}`,
    info && ok ? `${row.holds ? 'yes' : 'no'} (info)` : holds,
  ];
}

const headers = ['pair', 'ours', 'baseline', 'ours', 'baseline', 'ratio', 'per round (n)', 'target', 'holds'];
const numeric = new Set([3, 4, 5, 6]);

function printTable(results) {
  const rows = [];
  for (const p of results) for (const r of p.rows) rows.push(rowCells(p, r));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log('');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('ratio: median of the per-round ratios (ours / baseline, both sides interleaved in each round); (info): shown, not judged');
  for (const p of results) for (const r of p.rows) if (r.status !== 'ok') console.log(`  ${p.id} / ${r.name}: ${r.status}: ${r.error}`);
}

function markdownTable(results) {
  const out = [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map((_, i) => (numeric.has(i) ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const p of results) for (const r of p.rows) out.push(`| ${rowCells(p, r).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return out.join('\n') + '\n';
}

function printMeasures(m) {
  if (m['in-flight']) {
    const f = m['in-flight'];
    if (f.error) console.log(`\nin flight: ERROR ${f.error}`);
    else {
      console.log(`\nper-operation cost by operations in flight — ${f.op}`);
      for (const r of f.rows) {
        console.log(
          `  ${String(r.inFlight).padStart(6)} in flight: ours ${r.oursNsPerOp.toFixed(0).padStart(6)} ns/op   baseline ${r.baselineNsPerOp
            .toFixed(0)
            .padStart(6)} ns/op   (${r.ops} ops)`,
        );
      }
    }
  }
  if (m.heap) {
    const h = m.heap;
    if (h.error) console.log(`\nheap: ERROR ${h.error}`);
    else {
      console.log(
        `\nheap after ${h.writes.toLocaleString('en-US')} sequential asyncWrites under one bound AbortSignal (${h.seconds.toFixed(2)} s): ` +
          `${h.heapBeforeMB.toFixed(2)} MB -> ${h.heapAfterMB.toFixed(2)} MB (delta ${h.deltaMB >= 0 ? '+' : ''}${h.deltaMB.toFixed(2)} MB), ` +
          `abort listeners after: ${h.listenersAfter} (at most ${h.maxListenersDuring} during) — ${h.withinLimit ? 'within 5 MB, no listener left' : 'OUT OF BOUNDS'}`,
      );
    }
  }
}

async function runPair(pair, settings) {
  const result = { id: pair.id, title: pair.title, unit: pair.unit, target: pair.target, loadavgStart: os.loadavg(), rows: [] };
  let ctx;
  try {
    ctx = await pair.setup(settings);
  } catch (e) {
    const status = e instanceof Unavailable ? 'unavailable' : 'error';
    result.rows.push({ name: '(setup)', baselineLabel: pair.baselineLabel ?? '', status, target: pair.target, informational: false, error: String(e?.stack ?? e) });
    return result;
  }
  try {
    for (const v of ctx.variants) {
      const target = v.target ?? pair.target;
      const informational = v.informational === true;
      const row = { name: v.name, baselineLabel: v.baselineLabel ?? pair.baselineLabel ?? '', status: 'ok', target, informational };
      process.stdout.write(`  ${pair.id}: ${v.name} (load ${os.loadavg()[0].toFixed(2)}) ... `);
      try {
        const r =
          pair.kind === 'micro'
            ? await microPair(v, settings)
            : await wholePair(v, { rounds: wholeRoundsFor(pair, settings), side: settings.side });
        Object.assign(row, r, { holds: r.ratio >= target });
        if (v.writes !== undefined) {
          row.oursWritesPerSec = (r.ours * 1e6) / 64;
          row.baselineWritesPerSec = (r.baseline * 1e6) / 64;
        }
        console.log(`${fmtFigure(r.ours, pair.unit)} vs ${fmtFigure(r.baseline, pair.unit)} = ${r.ratio.toFixed(3)}`);
      } catch (e) {
        row.status = 'error';
        row.error = String(e?.stack ?? e);
        console.log('ERROR');
      }
      result.rows.push(row);
    }
    if (ctx.check && !ctx.check()) {
      result.rows.push({ name: '(check)', baselineLabel: '', status: 'error', target: pair.target, informational: false, error: 'post-run check failed' });
    }
  } finally {
    await ctx.teardown?.();
    result.loadavgEnd = os.loadavg();
  }
  return result;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const settings = settingsFor(args);
  const selected = (s) => args.only === null || args.only.has(s.id);
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadavgStart: os.loadavg(),
    settings,
    argv: process.argv.slice(2),
  };
  console.log(
    `asio-ts bench — node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, load ${meta.loadavgStart.map((x) => x.toFixed(2)).join(' ')}` +
      (settings.quick ? ' — QUICK (smoke run, rough figures)' : ''),
  );

  const pairResults = new Map();
  const measureResults = {};
  for (const s of runOrder) {
    if (!selected(s)) continue;
    if (s.kind === 'measure') {
      process.stdout.write(`  ${s.id} (load ${os.loadavg()[0].toFixed(2)}) ... `);
      try {
        const loadavgStart = os.loadavg();
        measureResults[s.id] = { ...(await s.run(settings)), loadavgStart, loadavgEnd: os.loadavg() };
        console.log('done');
      } catch (e) {
        measureResults[s.id] = { error: String(e?.stack ?? e) };
        console.log('ERROR');
      }
    } else {
      pairResults.set(s.id, await runPair(s, settings));
    }
  }
  meta.loadavgEnd = os.loadavg();

  const results = pairs.filter((p) => pairResults.has(p.id)).map((p) => pairResults.get(p.id));
  printTable(results);
  printMeasures(measureResults);
  console.log(`\nload average at the end: ${meta.loadavgEnd.map((x) => x.toFixed(2)).join(' ')}`);

  const json = { meta, pairs: results, inFlight: measureResults['in-flight'] ?? null, heap: measureResults.heap ?? null };
  if (args.json !== null) writeFileSync(args.json, JSON.stringify(json, null, 2) + '\n');
  if (args.md !== null) writeFileSync(args.md, markdownTable(results));

  const failed =
    results.some((p) => p.rows.some((r) => r.status === 'error')) || Object.values(measureResults).some((m) => m.error !== undefined);
  process.exitCode = failed ? 1 : 0;
  // Sockets, workers and timers are all closed; exit even if a library handle lingers.
  setImmediate(() => process.exit());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
