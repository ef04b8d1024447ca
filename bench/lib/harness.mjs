// Measuring both sides of a pair in one process, interleaved.
//
// - Micro pairs: tinybench. One Bench per round holding both sides; the order alternates every
//   round (ours first, then baseline first, ...), tinybench warms both up in the first round,
//   and each task call runs one batch of `ops` operations. A side's figure for a round is
//   `ops / median batch time`; the pair's figure is the median over rounds, and the ratio is the
//   median of the per-round ratios (paired, so drift in machine load cancels out).
// - Whole-run pairs (big I/O): each side runs the whole job, alternating A B B A A B ..., after
//   a warm-up of each (`warmUp`: one run, up to five while runs are short; one forced GC before
//   those); the figure is the median over rounds.
import { Bench } from 'tinybench';
import v8 from 'node:v8';
import vm from 'node:vm';

/** `global.gc`, exposing it at run time when node was started without --expose-gc. */
export const gc = (() => {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
})();

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * Run `ours` and `baseline` (each `() => Promise`, one batch of `ops` operations per call)
 * interleaved with tinybench. Returns ops/s of both sides, the paired ratio and per-round data.
 */
export async function microPair({ ours, baseline, ops }, settings) {
  const { rounds, time, warmupTime, iterations, side = null } = settings;
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    gc();
    const bench = new Bench({
      time,
      iterations,
      warmup: r === 0,
      warmupTime,
      warmupIterations: Math.max(2, Math.min(16, iterations)),
      throws: true,
    });
    let sides = r % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    // `--side ours|baseline`: run one side only (for profiling it alone).
    if (side !== null) sides = [side];
    for (const name of sides) bench.add(name, name === 'ours' ? ours : baseline, { async: true });
    await bench.run();
    const figure = (name) => {
      const result = bench.getTask(name).result;
      if (result.state !== 'completed') throw result.error ?? new Error(`task ${name}: ${result.state}`);
      return (ops * 1000) / result.latency.p50;
    };
    const o = side === 'baseline' ? NaN : figure('ours');
    const b = side === 'ours' ? NaN : figure('baseline');
    perRound.push({ ours: o, baseline: b, ratio: o / b, first: sides[0] });
  }
  return {
    ours: median(perRound.map((x) => x.ours)),
    baseline: median(perRound.map((x) => x.baseline)),
    ratio: median(perRound.map((x) => x.ratio)),
    rounds: perRound,
  };
}

/** Resolves after the host's next check-phase turns (setImmediate callbacks queued before run). */
const hostTurns = async (n) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Time one whole run of `fn` (which resolves with the bytes it moved); returns seconds. Two host
 * turns first, untimed: what the side before left for a macrotask runs before this side starts
 * (core switches its AsyncLocalStorage off a macrotask after the last coroutine ended, and a
 * baseline made only of microtasks would otherwise run with its promise hooks on).
 */
export async function timeRun(fn) {
  await hostTurns(2);
  const t0 = process.hrtime.bigint();
  const bytes = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { bytes, seconds: s, mbps: bytes / 1e6 / s };
}

/**
 * Warm a whole job up: at least one run, more while they are short (up to five runs or half a
 * second): a job of 50 ms makes too few calls in one run for the optimizing compiler to have
 * reached all of its code, and its first measured rounds came out up to 40 % slow.
 */
async function warmUp(fn) {
  const start = process.hrtime.bigint();
  for (let runs = 0; runs < 5; runs++) {
    await fn();
    if (Number(process.hrtime.bigint() - start) / 1e9 >= 0.5) return;
  }
}

/**
 * Run `ours` and `baseline` (each `() => Promise<bytes>`) as whole jobs, alternating
 * A B, B A, A B, ... for `rounds` rounds after a warm-up of each (`warmup` functions, or the
 * jobs themselves). Returns MB/s (10^6 bytes per second) medians and the paired ratio.
 */
export async function wholePair({ ours, baseline, warmupOurs, warmupBaseline }, settings) {
  const { rounds, side = null } = settings;
  gc();
  if (side !== 'baseline') await warmUp(warmupOurs ?? ours);
  if (side !== 'ours') await warmUp(warmupBaseline ?? baseline);
  const perRound = [];
  const none = { mbps: NaN, seconds: NaN };
  for (let r = 0; r < rounds; r++) {
    let sides = r % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    if (side !== null) sides = [side];
    const got = { ours: none, baseline: none };
    // No forced collection between runs (only the one before the warm-ups): a full GC throws
    // away optimized code that holds objects of the run before, which a program moving data
    // sees only as often as its own full collections come (docs/performance.md, "Sixth
    // recorded run").
    for (const name of sides) got[name] = await timeRun(name === 'ours' ? ours : baseline);
    perRound.push({
      ours: got.ours.mbps,
      baseline: got.baseline.mbps,
      ratio: got.ours.mbps / got.baseline.mbps,
      first: sides[0],
      seconds: { ours: got.ours.seconds, baseline: got.baseline.seconds },
    });
  }
  return {
    ours: median(perRound.map((x) => x.ours)),
    baseline: median(perRound.map((x) => x.baseline)),
    ratio: median(perRound.map((x) => x.ratio)),
    rounds: perRound,
  };
}
