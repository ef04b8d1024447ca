#!/usr/bin/env node
// Leak check against the BUILT packages (@asio-ts/core and @asio-ts/io resolve to dist/):
//
//   npm run build && node --expose-gc scripts/leak-check.mjs [opsPerPhase] [netCycles]
//
// Runs 1,000,000 sequential asyncWrite operations (default; per phase) against a stream that
// completes at once, first through an IoContext, then through the system executor. Two chains
// run side by side in each phase, so that one AbortSignal (chain A, bindAbortSignal) and one
// CancellationSignal (chain B, bindCancellationSlot) are bound to an operation in flight
// throughout. Afterwards:
//
// - the AbortSignal has no 'abort' listener left (events.getEventListeners), and never had more
//   than one at a time;
// - the CancellationSignal's slot has no handler left;
// - no MaxListenersExceededWarning (or any other warning) was emitted;
// - every handler ran exactly once (the counts add up) and the IoContext ran out of work;
// - the heap, after GC, is back within 5 MB of what it was after a warm-up.
//
// Then the network phase (scripts/leak-check-net.mjs): `netCycles` (default 100,000)
// connect/echo/close cycles of tcp.Acceptor and tcp.Socket on 127.0.0.1, checked for sockets,
// servers, timers and work left behind (process.getActiveResourcesInfo(), the IoContext) and for
// heap growth.
//
// Prints the figures and exits with status 1 on any leak (2 on a usage error).
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  HandlerWork,
  IoContext,
  systemExecutor,
} from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { netLeakCheck } from './leak-check-net.mjs';

const opsPerPhase = Number(process.argv[2] ?? 1_000_000);
const netCycles = Number(process.argv[3] ?? 100_000);
const warmupOps = 20_000;
const heapToleranceBytes = 5 * 1024 * 1024;

if (typeof globalThis.gc !== 'function') {
  console.error('leak-check: run with `node --expose-gc scripts/leak-check.mjs`');
  process.exit(2);
}
if (!Number.isSafeInteger(opsPerPhase) || opsPerPhase < 2 * warmupOps || !Number.isSafeInteger(netCycles) || netCycles < 1) {
  console.error(`leak-check: opsPerPhase must be an integer of at least ${2 * warmupOps}, netCycles a positive integer`);
  process.exit(2);
}

const warnings = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

/** A stream that takes every byte at once and completes through the immediate executor (a post). */
class InstantStream {
  #executor;
  constructor(executor) {
    this.#executor = executor;
  }
  getExecutor() {
    return this.#executor;
  }
  asyncWriteSome(buffers, handler) {
    let n = 0;
    if (buffers instanceof Uint8Array) n = buffers.length;
    else for (const b of buffers) n += b.length;
    const work = new HandlerWork(handler, this.#executor);
    work.complete(null, n);
  }
}

function collect() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/**
 * Run `total` operations as two sequential chains (each handler starts its chain's next write);
 * `onProgress(done)` is called every 10,000 operations. Resolves once both chains finished.
 */
function runChains(executor, total, abortSignal, cancellationSignal, stats, onProgress, drive) {
  const stream = new InstantStream(executor);
  const payload = new Uint8Array(16);
  const half = Math.floor(total / 2);
  return new Promise((resolve, reject) => {
    let finishedChains = 0;
    const chain = (name, count, bind) => {
      let started = 0;
      const next = () => {
        if (started === count) {
          if (++finishedChains === 2) resolve();
          return;
        }
        started++;
        asyncWrite(
          stream,
          payload,
          bind((err, n) => {
            stats.handlers++;
            if (err !== null || n !== payload.length) {
              reject(new Error(`chain ${name}: unexpected completion (${err}, ${n})`));
              return;
            }
            const done = stats.handlers;
            if (done % 10_000 === 0) onProgress(done);
            next();
          }),
        );
      };
      next();
    };
    chain('A (AbortSignal)', half, (h) => bindAbortSignal(abortSignal, h));
    chain('B (CancellationSignal)', total - half, (h) => bindCancellationSlot(cancellationSignal.slot(), h));
    drive?.();
  });
}

async function phase(name, makeExecutor) {
  const controller = new AbortController();
  const cancellation = new CancellationSignal();
  const stats = { handlers: 0, maxAbortListeners: 0 };
  const sampleListeners = () => {
    stats.maxAbortListeners = Math.max(stats.maxAbortListeners, getEventListeners(controller.signal, 'abort').length);
  };

  // Warm-up: JIT, queues and pools reach their steady size.
  {
    const { executor, run } = makeExecutor();
    const done = runChains(executor, warmupOps, controller.signal, cancellation, { handlers: 0 }, () => {}, run);
    await done;
  }
  const before = collect();
  const started = performance.now();
  const { executor, run, ioc } = makeExecutor();
  await runChains(executor, opsPerPhase, controller.signal, cancellation, stats, sampleListeners, run);
  const ms = performance.now() - started;
  if (ioc !== undefined) {
    // The context ran out of work: a further run() returns at once with nothing to do.
    ioc.restart();
    stats.leftoverHandlers = await ioc.run();
  }
  const after = collect();
  const result = {
    phase: name,
    operations: stats.handlers,
    seconds: +(ms / 1000).toFixed(2),
    opsPerSecond: Math.round(stats.handlers / (ms / 1000)),
    abortListenersLeft: getEventListeners(controller.signal, 'abort').length,
    maxAbortListenersInFlight: stats.maxAbortListeners,
    slotHandlerLeft: cancellation.slot().hasHandler(),
    leftoverHandlers: stats.leftoverHandlers ?? 0,
    heapBefore: mb(before),
    heapAfter: mb(after),
    heapGrowth: mb(after - before),
    heapGrowthBytes: after - before,
  };
  return result;
}

const phases = [];
phases.push(
  await phase('IoContext', () => {
    const ioc = new IoContext();
    let running;
    return {
      ioc,
      executor: ioc.getExecutor(),
      run: () => {
        running = ioc.run();
        running.catch(() => {});
      },
    };
  }),
);
phases.push(await phase('systemExecutor', () => ({ executor: systemExecutor })));

const problems = [];
for (const p of phases) {
  console.log(
    `leak-check ${p.phase.padEnd(14)} ops=${p.operations} time=${p.seconds}s (${p.opsPerSecond} ops/s) ` +
      `abortListenersLeft=${p.abortListenersLeft} maxInFlight=${p.maxAbortListenersInFlight} slotHandlerLeft=${p.slotHandlerLeft} ` +
      `leftoverHandlers=${p.leftoverHandlers} heap ${p.heapBefore} -> ${p.heapAfter} (growth ${p.heapGrowth})`,
  );
  if (p.operations !== opsPerPhase) problems.push(`${p.phase}: ${p.operations} handlers ran, expected ${opsPerPhase}`);
  if (p.abortListenersLeft !== 0) problems.push(`${p.phase}: ${p.abortListenersLeft} AbortSignal listener(s) left`);
  if (p.maxAbortListenersInFlight > 1) problems.push(`${p.phase}: ${p.maxAbortListenersInFlight} AbortSignal listeners at once`);
  if (p.slotHandlerLeft) problems.push(`${p.phase}: a cancellation slot handler left`);
  if (p.leftoverHandlers !== 0) problems.push(`${p.phase}: ${p.leftoverHandlers} handler(s) still queued`);
  if (p.heapGrowthBytes > heapToleranceBytes) problems.push(`${p.phase}: heap grew by ${p.heapGrowth} (tolerance ${mb(heapToleranceBytes)})`);
}
const net = await netLeakCheck(netCycles);
console.log(net.line);
problems.push(...net.problems);
for (const w of warnings) problems.push(`warning emitted: ${w}`);
const leaks = problems.length;
console.log(`leak-check: ${phases.reduce((a, p) => a + p.operations, 0)} operations, ${net.cycles} net cycles, warnings=${warnings.length}, leaks found: ${leaks}`);
for (const p of problems) console.error(`leak-check: LEAK ${p}`);
process.exit(leaks === 0 ? 0 : 1);
