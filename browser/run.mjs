#!/usr/bin/env node
// Runs browser/page.ts in headless Chromium (Debian's /usr/bin/chromium; nothing is downloaded):
//   1. bundles the page with esbuild (platform browser, ESM) from the built dist of @asio-ts/core
//      and @asio-ts/io, failing on any Node builtin import (`node:*`, `fs`, ...) or warning;
//   2. serves the page on 127.0.0.1 (an ephemeral port) and takes its reports (POST /report);
//   3. launches `chromium --headless=new --no-sandbox` on it, and stops it once the summary came
//      (or the time ran out, or Chromium exited first).
// Prints one line per check, then `BROWSER_RESULT <json>` as the last line. Exit status: 0 all
// checks passed, 1 something failed, 2 the bundle failed, 3 no Chromium.
// Usage: node browser/run.mjs   (env: CHROMIUM=/path/to/chromium, BROWSER_TIMEOUT_MS=45000)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const timeoutMs = Number(process.env.BROWSER_TIMEOUT_MS || 45000);
const t0 = performance.now();
const elapsed = () => Math.round(performance.now() - t0);

function finish(result, status) {
  console.log(`BROWSER_RESULT ${JSON.stringify(result)}`);
  process.exitCode = status;
}

// --- 1. The bundle ----------------------------------------------------------------------------

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Any Node builtin import is an error naming the importing file (esbuild alone only says it cannot resolve it). */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:|[a-z_]+(\/[a-z_/]+)?$)/ }, (args) => {
      if (!args.path.startsWith('node:') && !builtins.has(args.path)) return undefined;
      return { errors: [{ text: `Node builtin "${args.path}" imported by ${args.importer.slice(root.length + 1) || args.importer} (${args.kind})` }] };
    });
  },
};

async function bundle() {
  const dists = ['packages/core/dist/index.mjs', 'packages/io/dist/index.mjs'];
  const missing = dists.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) return { error: `missing ${missing.join(', ')}: run \`npm run build\` first` };
  const start = performance.now();
  let out;
  try {
    out = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['browser/page.ts'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // The browser tsconfig (no `paths`) for every file. Otherwise esbuild applies the root
      // tsconfig.json, whose `paths` map @asio-ts/* to the sources, to every file it finds under
      // the root (io's dist importing @asio-ts/core too): the page would bundle src, or core twice.
      tsconfig: 'browser/tsconfig.json',
      plugins: [noNodeBuiltins],
    });
  } catch (e) {
    const messages = (e.errors ?? [{ text: String(e) }]).map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text));
    return { error: `esbuild failed:\n  ${messages.join('\n  ')}` };
  }
  if (out.warnings.length > 0) return { error: `esbuild warnings:\n  ${out.warnings.map((w) => w.text).join('\n  ')}` };
  const inputs = Object.keys(out.metafile.inputs);
  // What users get: the page must run the built dist, not the TypeScript sources.
  const notBuilt = dists.filter((f) => !inputs.includes(f));
  const fromSrc = inputs.filter((f) => /^packages\/[^/]+\/src\//.test(f));
  if (notBuilt.length > 0 || fromSrc.length > 0) return { error: `the bundle must take the built dist: inputs were ${inputs.join(', ')}` };
  const code = out.outputFiles[0].contents;
  return { code, info: { bytes: code.length, inputs, ms: Math.round(performance.now() - start) } };
}

// --- 2 and 3. Serve, launch, collect ----------------------------------------------------------

const html = `<!doctype html>
<meta charset="utf-8">
<title>asio-ts in the browser</title>
<script type="module" src="/page.js"></script>
`;

function chromiumVersion() {
  const r = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8', timeout: 10000 });
  return (r.stdout || '').trim().split('\n')[0] || null;
}

async function runPage(code) {
  const state = { userAgent: null, checks: [], summary: null, errors: [], startedAt: null };
  const stderr = [];
  let child = null;
  let settle;
  const done = new Promise((r) => (settle = r));

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.method === 'GET' && req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(code);
    } else if (req.method === 'POST' && req.url === '/report') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        res.writeHead(204).end();
        let event;
        try {
          event = JSON.parse(body);
        } catch {
          state.errors.push(`unparsable report: ${body.slice(0, 200)}`);
          return;
        }
        if (event.type === 'start') {
          state.userAgent = event.userAgent;
          state.startedAt = elapsed();
        } else if (event.type === 'check') {
          state.checks.push(event);
          const mark = { pass: 'ok  ', fail: 'FAIL', todo: 'todo' }[event.status] ?? event.status;
          console.log(`  ${mark} ${event.name} (${event.ms} ms)${event.detail && event.status !== 'pass' ? `\n       ${event.detail.split('\n').join('\n       ')}` : event.detail ? ` — ${event.detail}` : ''}`);
        } else if (event.type === 'summary') {
          state.summary = event;
          settle('summary');
        } else if (event.type === 'error') {
          state.errors.push(event.message);
          console.log(`  ERROR ${event.message}`);
        } else {
          state.errors.push(`unknown report: ${body.slice(0, 200)}`);
        }
      });
    } else {
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;

  // Everything Chromium writes (profile, crash reports, caches under $HOME) stays in one
  // temporary directory, removed afterwards.
  const scratch = mkdtempSync(join(tmpdir(), 'asio-ts-chromium-'));
  const profile = join(scratch, 'profile');
  const home = join(scratch, 'home');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') };
  const args = [
    '--headless=new',
    '--no-sandbox', // root in CI containers
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--mute-audio',
    '--password-store=basic',
    '--enable-logging=stderr',
    `--user-data-dir=${profile}`,
    url,
  ];
  const launchedAt = elapsed();
  // Its own process group, so that stopping it reaches every Chromium process it forked.
  child = spawn(chromiumPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env });
  let exited = null;
  const exit = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      r();
    }),
  );
  child.on('error', (e) => {
    state.errors.push(`could not start ${chromiumPath}: ${e.message}`);
    settle('spawn-error');
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr.push(...d.split('\n').filter(Boolean));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  exit.then(() => settle('exited'));
  const timer = setTimeout(() => settle('timeout'), timeoutMs);
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const onSignal = (sig) => {
    killGroup('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const how = await done;
  clearTimeout(timer);
  const summaryAt = elapsed();
  if (exited === null && child.pid !== undefined) {
    killGroup('SIGTERM');
    const killer = setTimeout(() => killGroup('SIGKILL'), 1000);
    await exit;
    clearTimeout(killer);
    killGroup('SIGKILL'); // any straggler left in the group (zygote, renderers)
  }
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(scratch, { recursive: true, force: true });

  let reason = null;
  if (how === 'timeout') reason = `no summary within ${timeoutMs} ms`;
  else if (how === 'exited') reason = `chromium exited (${exited.code ?? exited.signal}) before the summary`;
  else if (how === 'spawn-error') reason = 'chromium did not start';
  return {
    reason,
    ...state,
    timing: { launchMs: launchedAt, pageStartMs: state.startedAt, summaryMs: summaryAt, totalMs: elapsed() },
    stderrTail: stderr.slice(-40),
  };
}

async function main() {
  if (!existsSync(chromiumPath)) {
    console.log(`no Chromium at ${chromiumPath} (apt-get install -y chromium)`);
    finish({ ok: false, reason: 'no-browser', chromium: chromiumPath }, 3);
    return;
  }
  const built = await bundle();
  if (built.error !== undefined) {
    console.log(built.error);
    finish({ ok: false, reason: 'bundle', error: built.error }, 2);
    return;
  }
  const version = chromiumVersion();
  console.log(`bundled browser/page.ts: ${built.info.bytes} bytes from ${built.info.inputs.join(', ')} (${built.info.ms} ms)`);
  console.log(`running in ${version ?? chromiumPath}`);
  const run = await runPage(built.code);
  const failed = run.checks.filter((c) => c.status === 'fail');
  const problems = [];
  if (run.reason !== null) problems.push(run.reason);
  if (run.userAgent === null) problems.push('the page never reported (did the browser run it at all?)');
  else if (!/HeadlessChrome|Chrome\//.test(run.userAgent)) problems.push(`not Chromium: ${run.userAgent}`);
  if (run.summary !== null) {
    if (run.summary.total !== run.checks.length) problems.push(`the summary counts ${run.summary.total} checks, ${run.checks.length} reported`);
    if (run.summary.failed !== failed.length) problems.push(`the summary counts ${run.summary.failed} failures, ${failed.length} reported`);
  }
  if (failed.length > 0) problems.push(`${failed.length} check(s) failed: ${failed.map((c) => c.name).join('; ')}`);
  if (run.errors.length > 0) problems.push(`${run.errors.length} page error(s)`);
  const ok = problems.length === 0;
  const s = run.summary;
  console.log(
    s === null
      ? `no summary: ${problems.join('; ')}`
      : `summary: ${s.passed} passed, ${s.failed} failed, ${s.todo} todo of ${s.total} (page ${s.ms} ms; chromium launched at ${run.timing.launchMs} ms, page started at ${run.timing.pageStartMs} ms, done at ${run.timing.totalMs} ms)`,
  );
  if (!ok) {
    for (const p of problems) console.log(`problem: ${p}`);
    console.log(`chromium stderr (last lines):\n  ${run.stderrTail.join('\n  ')}`);
  }
  finish({ ok, problems, chromium: version, bundle: built.info, ...run }, ok ? 0 : 1);
}

main().catch((e) => {
  console.log(e?.stack ?? String(e));
  finish({ ok: false, reason: 'runner', error: String(e?.stack ?? e) }, 1);
});
