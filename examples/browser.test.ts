// core and io's portable part in a real browser: browser/run.mjs bundles browser/page.ts (esbuild,
// platform browser, from the built dist) and runs it in headless Chromium (Debian's package, at
// /usr/bin/chromium or $CHROMIUM; nothing is downloaded). Needs `npm run build` first.
// Without Chromium the test fails under CI (`.ci/run` installs it) and is skipped locally.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(chromium);
const RUN_TIMEOUT_MS = 60_000;

interface Check {
  name: string;
  status: 'pass' | 'fail' | 'todo';
  detail: string;
  ms: number;
}

interface BrowserResult {
  ok: boolean;
  reason?: string | null;
  error?: string;
  problems?: string[];
  userAgent?: string | null;
  checks?: Check[];
  summary?: { passed: number; failed: number; todo: number; total: number; ms: number } | null;
  errors?: string[];
  timing?: Record<string, number | null>;
}

function runBrowser(): Promise<{ status: number | null; output: string; result: BrowserResult | null; ms: number }> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'browser', 'run.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHROMIUM: chromium } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    // The runner gives up on the page after 45 s; this bounds the runner itself (SIGTERM makes
    // it kill Chromium's process group before exiting).
    const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const line = output.split('\n').find((l) => l.startsWith('BROWSER_RESULT '));
      let result: BrowserResult | null = null;
      if (line !== undefined) result = JSON.parse(line.slice('BROWSER_RESULT '.length)) as BrowserResult;
      resolve({ status, output: output.split('\n').filter((l) => !l.startsWith('BROWSER_RESULT ')).join('\n'), result, ms: Date.now() - start });
    });
  });
}

if (!haveChromium && !process.env.CI) {
  console.warn(`browser.test.ts: skipped, no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM=/path/to/chromium); under CI this fails`);
}
const browserTest = haveChromium || process.env.CI ? test : test.skip;

browserTest(
  'core and io run in headless Chromium: every check on the page passes',
  async () => {
    if (!haveChromium) throw new Error(`CI is set but there is no Chromium at ${chromium}: .ci/run installs it with apt-get install -y chromium`);
    const { status, output, result, ms } = await runBrowser();
    const context = `browser/run.mjs exited with ${status} after ${ms} ms:\n${output}`;
    if (result === null) throw new Error(`no BROWSER_RESULT line (the runner crashed or was killed). ${context}`);
    if (result.reason === 'bundle') throw new Error(`the browser bundle failed: ${result.error}`);
    // The browser ran the page at all, and it was Chromium.
    expect({ userAgent: result.userAgent, context }).toEqual({ userAgent: expect.stringMatching(/HeadlessChrome\//), context });
    // The page got to its summary, and it agrees with the checks reported.
    const checks = result.checks ?? [];
    expect(result.summary).toBeTruthy();
    expect(result.summary!.total).toBe(checks.length);
    const failed = checks.filter((c) => c.status !== 'pass' && c.status !== 'todo').map((c) => `${c.name}: ${c.detail}`);
    expect(failed).toEqual([]);
    expect(result.errors).toEqual([]);
    // Every area the page is meant to cover passed (a check cannot quietly disappear).
    const passed = checks.filter((c) => c.status === 'pass').map((c) => c.name);
    const areas = ['systemExecutor', 'IoContext', 'token: callback', 'token: useFuture', 'token: deferred', 'token: detached', 'token: asTuple', 'token: redirectError', 'bindAbortSignal', 'toAbortSignal', 'cancelAfter', 'coSpawn', 'spawn:', 'fromWebWritable', 'fromWebReadable (default reader)', 'fromWebReadable (byte stream, BYOB reader)', 'fromWebReadable: the browser\'s own streams'];
    expect(areas.filter((a) => !passed.some((n) => n.includes(a)))).toEqual([]);
    expect(result.problems).toEqual([]);
    expect({ ok: result.ok, status }).toEqual({ ok: true, status: 0 });
  },
  RUN_TIMEOUT_MS + 10_000,
);

test(
  'the page type-checks as browser code (DOM lib, no @types/node, the built .d.ts)',
  () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'browser', 'tsconfig.json')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect({ status: r.status, output: `${r.stdout}${r.stderr}` }).toEqual({ status: 0, output: '' });
  },
  70_000,
);
