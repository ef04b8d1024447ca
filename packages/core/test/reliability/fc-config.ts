/**
 * Shared settings of the reliability property tests: a reproducible seed and the number of runs,
 * both overridable from the environment, and counters every property reports at the end.
 *
 *   FC_SEED=1234 FC_RUNS=5000 npx jest packages/core/test/reliability packages/io/test/reliability
 *
 * fast-check prints the seed and the shrunk counterexample (with its `path`) when a property
 * fails; rerun with that FC_SEED to reproduce.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** The default seed: fixed, so that a plain `jest` run is reproducible. */
export const defaultSeed = 20_251_125;
export const seed = envInt('FC_SEED', defaultSeed);
export const numRuns = envInt('FC_RUNS', 1000);

/** Parameters for `fc.assert`: the seed, the run count, and (for async properties) no per-run timeout. */
export function fcParams<T>(extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  return { seed, numRuns, endOnFailure: false, ...extra };
}

/** Counters a reliability suite accumulates and reports once at the end. */
export type Figures = Record<string, number>;

const directory = join(tmpdir(), 'asio-ts-reliability');

/**
 * Print one summary line for `suite` and write the figures as JSON to
 * `$TMPDIR/asio-ts-reliability/<suite>.json` (docs/reliability.md quotes them).
 */
export function reportFigures(suite: string, figures: Figures): void {
  const line = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  // One line per suite, so CI logs show what was actually exercised.
  console.log(`[reliability] ${suite}: seed=${seed} runsPerProperty=${numRuns} ${line}`);
  try {
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `${suite}.json`), JSON.stringify({ suite, seed, numRuns, ...figures, at: new Date().toISOString() }, null, 2));
  } catch {
    // The figures are informative; a read-only tmpdir must not fail the suite.
  }
}

/** Flush every pending microtask (and let one macrotask turn pass). */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
