// Keeps the benchmark suite from rotting: runs every scenario in quick mode (small sizes, a few
// short rounds: `node bench/run.mjs --quick --json <tmp>`, against the built packages:
// `npm run build` first) and checks that the JSON has every pair with numeric figures, a target
// on every row, and both measurements. It asserts no timings: a quick run's figures are rough.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

interface Row {
  name: string;
  baselineLabel: string;
  status: string;
  error?: string;
  ours?: number;
  baseline?: number;
  ratio?: number;
  target?: number;
  informational?: boolean;
  holds?: boolean;
  rounds?: { ours: number; baseline: number; ratio: number }[];
}

interface Results {
  meta: { node: string; cpus: number; settings: { quick: boolean } };
  pairs: { id: string; unit: string; target: number; rows: Row[] }[];
  inFlight: { error?: string; rows: { inFlight: number; oursNsPerOp: number; baselineNsPerOp: number }[] } | null;
  heap: {
    error?: string;
    writes: number;
    deltaMB: number;
    listenersAfter: number;
    withinLimit: boolean;
  } | null;
}

const pairIds = ['callback', 'promise', 'other-tokens', 'composed-write', 'dynamic-buffer', 'tcp-bulk', 'tcp-small', 'file', 'cancellation', 'tcp-read', 'read-lines', 'read-long-line', 'timers', 'accept-rate', 'echo-roundtrip', 'writequeue-tcp', 'channel'];

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

describe('bench/run.mjs --quick', () => {
  let dir: string;
  let results: Results;
  let stdout = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asio-ts-bench-test-'));
    const out = join(dir, 'quick.json');
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(root, 'bench', 'run.mjs'), '--quick', '--json', out],
        { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 24 },
        (err, so, se) => {
          stdout = `${so}\n${se}`;
          // A failing scenario makes the exit code 1; the checks below name it.
          if (err && typeof err.code !== 'number') reject(new Error(`${err.message}\n${stdout}`));
          else resolve();
        },
      );
    });
    results = JSON.parse(readFileSync(out, 'utf8')) as Results;
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('ran in quick mode', () => {
    expect(results.meta.settings.quick).toBe(true);
    expect(typeof results.meta.node).toBe('string');
  });

  test('has every pair, in the spec order', () => {
    expect(results.pairs.map((p) => p.id)).toEqual(pairIds);
  });

  test.each(pairIds)('%s: every variant ran and has numeric figures', (id) => {
    const pair = results.pairs.find((p) => p.id === id)!;
    expect(pair).toBeDefined();
    expect(isFiniteNumber(pair.target)).toBe(true);
    expect(['ops/s', 'MB/s']).toContain(pair.unit);
    expect(pair.rows.length).toBeGreaterThan(0);
    for (const row of pair.rows) {
      // Show the scenario's error (and the run's output) when it did not run.
      expect({ name: row.name, status: row.status, error: row.error ?? null }).toEqual({ name: row.name, status: 'ok', error: null });
      expect(isFiniteNumber(row.ours) && row.ours > 0).toBe(true);
      expect(isFiniteNumber(row.baseline) && row.baseline > 0).toBe(true);
      expect(isFiniteNumber(row.ratio)).toBe(true);
      expect(isFiniteNumber(row.target) && row.target > 0 && row.target <= 1).toBe(true);
      expect(typeof row.informational).toBe('boolean');
      expect(typeof row.holds).toBe('boolean');
      // The ratio is the median of the paired per-round ratios.
      expect(row.rounds!.length).toBeGreaterThan(0);
      for (const r of row.rounds!) expect(isFiniteNumber(r.ratio)).toBe(true);
    }
  });

  test('in-flight measurement has 1, 100 and 10,000 in flight', () => {
    expect(results.inFlight?.error ?? null).toBeNull();
    expect(results.inFlight!.rows.map((r) => r.inFlight)).toEqual([1, 100, 10_000]);
    for (const r of results.inFlight!.rows) {
      expect(isFiniteNumber(r.oursNsPerOp)).toBe(true);
      expect(isFiniteNumber(r.baselineNsPerOp)).toBe(true);
    }
  });

  test('heap measurement ran and left no abort listener', () => {
    expect(results.heap?.error ?? null).toBeNull();
    expect(results.heap!.writes).toBeGreaterThan(0);
    expect(isFiniteNumber(results.heap!.deltaMB)).toBe(true);
    // Not a timing: the library promises no listener left behind.
    expect(results.heap!.listenersAfter).toBe(0);
  });

  test('targets as specified', () => {
    const targets = Object.fromEntries(results.pairs.map((p) => [p.id, p.target]));
    expect(targets).toEqual({
      callback: 0.85,
      promise: 0.85,
      'other-tokens': 0.75,
      'composed-write': 0.85,
      'dynamic-buffer': 0.9,
      'tcp-bulk': 0.95,
      'tcp-small': 0.9,
      file: 0.95,
      cancellation: 0.9,
      'tcp-read': 0.9,
      'read-lines': 1.0,
      'read-long-line': 0.9,
      'accept-rate': 0.9,
      timers: 1.0,
      'echo-roundtrip': 0.9,
      'writequeue-tcp': 1.0,
      channel: 0.8,
    });
    // Only the engine's two ceilings (a tuple result, a lazy thenable), the file pair's capped
    // row, the long-line rows (one per size) and the channel between spawn coroutines and
    // between callback loops are informational.
    const info = results.pairs.flatMap((p) => p.rows.filter((r) => r.informational).map((r) => `${p.id}: ${r.name}`));
    expect(info).toHaveLength(9);
    expect(info[0]).toBe('other-tokens: engine: await a promise resolved with [null, v]');
    expect(info[1]).toBe('other-tokens: engine: await a hand-written lazy thenable');
    expect(info[2]).toMatch(/^file: .*64 KiB cap/);
    for (const r of info.slice(3, 7)) expect(r).toMatch(/^read-long-line: one line of /);
    expect(info.slice(7)).toEqual(['channel: the same between two spawn coroutines (yield* op(y))', 'channel: the same between two callback loops']);
    expect(stdout).toMatch(/time\(8\)\/time\(1\) = [\d.]+ \(linear ≈ 8\)/);
  });

  test('no baseline names a library primitive', () => {
    // The baselines are what a Node developer writes by hand, never the library's primitives.
    for (const p of results.pairs) {
      if (p.id === 'other-tokens' || p.id === 'cancellation' || p.id === 'dynamic-buffer') continue;
      for (const r of p.rows) expect(r.baselineLabel).not.toMatch(/post\(|systemExecutor|queue\.post|asyncWrite|useFuture/);
    }
  });

  test('printed the table with every column', () => {
    for (const h of ['ours', 'baseline', 'ratio', 'target', 'holds']) expect(stdout).toContain(h);
    expect(stdout).toContain('callback token');
    expect(stdout).toContain('queueMicrotask(fn)');
  });
});
