// The `@example` blocks of the API documentation run (doc-examples.test.ts type-checks them):
// each, compiled to JavaScript, in a Node process of its own against the built packages, must
// end by itself within its time with exit status 0. What an example prints is read by people
// (its `// ...` comments say what to expect), not matched here. Not run: fragments (they
// `declare` what they need) and examples that say `// Not run by the tests: <why>` (a server,
// a file, a signal they wait for).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { blocks, root } from './helpers/doc-blocks';

// An example ends in well under this (the longest waits on a timer of a second or so).
const limitMs = 20_000;

interface Outcome {
  readonly status: number | null;
  readonly timedOut: boolean;
  readonly stderr: string;
}

/**
 * Why a block is not run, or null: a fragment (`declare const socket: tcp.Socket`, types only:
 * it names what it needs), or one that says so (`// Not run by the tests: it needs a server`).
 */
function notRun(code: string): string | null {
  if (/^\s*declare\s/m.test(code)) return 'a fragment: it declares what it needs';
  return /\/\/ Not run by the tests: ([^\n]*)/.exec(code)?.[1] ?? null;
}

const runnable = blocks.filter((b) => notRun(b.code) === null);

const outcomes = new Map<string, Outcome>();
let dir = '';

function runFile(file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    // In the scratch directory: an example that writes a file (notes.txt) leaves it there.
    const child = spawn(process.execPath, ['--no-warnings', file], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, timedOut, stderr: stderr.slice(-2000) });
    });
  });
}

beforeAll(async () => {
  // Under the repo's node_modules, so that '@asio-ts/*' resolve to the built workspace packages.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, 'asio-ts-doc-run-'));
  const files = runnable.map((b, i) => {
    const js = ts.transpileModule(b.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, js);
    return file;
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      outcomes.set(runnable[i]!.where, await runFile(files[i]!));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
}, 15 * 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('most examples run, and every one that does not says why', () => {
  expect(runnable.length).toBeGreaterThan(250);
  for (const b of blocks) if (notRun(b.code) !== null) expect(notRun(b.code)).not.toBe('');
});

describe.each(runnable.map((b) => [b.where, b.declaration] as const))('%s (%s)', (where) => {
  test('runs to its end', () => {
    const o = outcomes.get(where)!;
    expect({ status: o.status, timedOut: o.timedOut, stderr: o.status === 0 ? '' : o.stderr }).toEqual({ status: 0, timedOut: false, stderr: '' });
  });
});
