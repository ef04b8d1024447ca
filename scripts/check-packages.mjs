// Checks the packages as they would be published, from their packed tarballs:
//
// 1. `npm pack` each package (lifecycle scripts ignored: dist must be built, `npm run build`).
// 2. The tarball holds the builds, both declaration files, source maps whose sources are inlined,
//    LICENSE, README.md and package.json, and nothing from src/ or test/.
// 3. @arethetypeswrong/cli finds no problem (every rule on, node10 / node16 CJS / node16 ESM /
//    bundler resolution).
// 4. publint reports no error and no warning (suggestions are printed).
// 5. A fresh project installs every tarball (offline: io's dependency on @asio-ts/core and net's on
//    core and io are met by the tarballs), loads io and net with require() and with import,
//    type-checks a CommonJS (.cts) and an ESM (.mts) consumer and the README examples under
//    `module: nodenext`, and passes the dual-package check (scripts/dual-package-check.mjs)
//    against the installed copies.
//
//   node scripts/check-packages.mjs [--keep]     (--keep leaves the temporary folder in place)
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const packages = ['core', 'io', 'net'];
const keep = process.argv.includes('--keep');
const started = Date.now();

let failures = 0;
function fail(message) {
  failures++;
  console.error(`FAIL ${message}`);
}
function pass(message) {
  console.log(`ok   ${message}`);
}
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}

const tmp = mkdtempSync(join(tmpdir(), 'asio-ts-pack-'));
try {
  // 1. Pack.
  const packed = {};
  for (const name of packages) {
    const dir = join(root, 'packages', name);
    const dist = join(dir, 'dist');
    if (!existsSync(join(dist, 'index.cjs'))) {
      fail(`packages/${name}/dist is not built: run \`npm run build\``);
      continue;
    }
    if (newest(join(dir, 'src')) > newest(dist)) console.warn(`warn packages/${name}/src is newer than its dist: run \`npm run build\``);
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: dir });
    const [info] = JSON.parse(stdout);
    packed[name] = { dir, pkg: readJson(join(dir, 'package.json')), tgz: join(tmp, info.filename), files: info.files.map((f) => f.path) };
  }

  // 2. Contents.
  const required = ['package.json', 'LICENSE', 'README.md', 'dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/index.mjs.map', 'dist/index.cjs.map'];
  for (const { dir, pkg, files } of Object.values(packed)) {
    const missing = required.filter((f) => !files.includes(f));
    const extra = files.filter((f) => !required.includes(f));
    if (missing.length > 0) fail(`${pkg.name}: tarball lacks ${missing.join(', ')}`);
    else if (extra.length > 0) fail(`${pkg.name}: tarball has unexpected files ${extra.join(', ')}`);
    else pass(`${pkg.name}: tarball holds ${files.length} files (${files.join(', ')})`);
    for (const map of ['dist/index.mjs.map', 'dist/index.cjs.map']) {
      const m = readJson(join(dir, map));
      const inlined = (m.sourcesContent ?? []).filter((c) => typeof c === 'string').length;
      if (inlined !== m.sources.length) fail(`${pkg.name}: ${map} inlines ${inlined} of ${m.sources.length} sources`);
    }
    if (readFileSync(join(dir, 'dist/index.d.cts'), 'utf8').includes('declare module "./index.js"')) {
      fail(`${pkg.name}: dist/index.d.cts augments the ESM declarations ("./index.js")`);
    }
    if (!/Boost Software License - Version 1\.0/.test(readFileSync(join(dir, 'LICENSE'), 'utf8')) || pkg.license !== 'BSL-1.0') {
      fail(`${pkg.name}: LICENSE is not the BSL-1.0 text or package.json's license is not BSL-1.0`);
    }
    // Each package depends on the packages of this repository at their exact versions.
    for (const [dep, got] of Object.entries(pkg.dependencies ?? {})) {
      if (!dep.startsWith('@asio-ts/')) continue;
      const want = packed[dep.slice('@asio-ts/'.length)]?.pkg.version;
      if (got !== want) fail(`${pkg.name}: dependencies["${dep}"] is ${got}, ${dep} is ${want}`);
      else pass(`${pkg.name}: depends on ${dep} ${got}`);
    }
  }

  // 3 and 4. attw and publint, on every tarball at once.
  const attwBin = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), readJson(require.resolve('@arethetypeswrong/cli/package.json')).bin.attw);
  await Promise.all(
    Object.values(packed).flatMap(({ pkg, tgz }) => [
      (async () => {
        // Exits non-zero when it finds a problem; the JSON says which.
        const out = await run(process.execPath, [attwBin, tgz, '--format', 'json', '--no-definitely-typed'], { maxBuffer: 64 << 20 }).catch((e) => e);
        let problems;
        try {
          problems = JSON.parse(out.stdout).analysis.problems;
        } catch {
          fail(`${pkg.name}: attw failed: ${out.stderr || out.message}`);
          return;
        }
        if (problems.length > 0) {
          fail(`${pkg.name}: attw found ${problems.length} problem(s):\n${problems.map((p) => `  ${p.kind} ${JSON.stringify(p)}`).join('\n')}`);
        } else pass(`${pkg.name}: attw: no problems (node10, node16 from CJS, node16 from ESM, bundler)`);
      })(),
      (async () => {
        const tarball = readFileSync(tgz);
        const { messages, pkg: linted } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, level: 'suggestion' });
        const bad = messages.filter((m) => m.type === 'error' || m.type === 'warning');
        for (const m of messages) console.log(`     publint ${m.type}: ${formatMessage(m, linted, { color: false })}`);
        if (bad.length > 0) fail(`${pkg.name}: publint reports ${bad.length} error(s)/warning(s)`);
        else pass(`${pkg.name}: publint: no errors or warnings${messages.length > 0 ? ` (${messages.length} suggestion(s) above)` : ''}`);
      })(),
    ]),
  );

  // 5. A fresh project with both tarballs installed.
  if (packed.core && packed.io && packed.net) {
    const project = join(tmp, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', packed.net.tgz, packed.io.tgz, packed.core.tgz], { cwd: project });
    const installed = (name) => readJson(join(project, 'node_modules', '@asio-ts', name, 'package.json')).version;
    if (packages.some((name) => installed(name) !== packed[name].pkg.version)) fail('consumer: installed versions differ from the packed ones');
    // npm ls fails when a dependency is missing or does not satisfy its range.
    await run('npm', ['ls', '--all', '--offline'], { cwd: project }).then(
      () => pass('consumer: npm install <net.tgz> <io.tgz> <core.tgz> (offline) satisfies io\'s and net\'s dependencies'),
      (e) => fail(`consumer: npm ls: ${e.stdout}${e.stderr}`),
    );

    for (const [name, fn] of [['io', 'asyncWrite'], ['net', 'asyncConnect']]) {
      const id = `@asio-ts/${name}`;
      const cjs = await run(process.execPath, ['-e', `const m = require('${id}'); const core = require('@asio-ts/core'); console.log(typeof m.${fn}, typeof core.useFuture, require.resolve('${id}'))`], { cwd: project });
      const esm = await run(process.execPath, ['--input-type=module', '-e', `const m = await import('${id}'); const core = await import('@asio-ts/core'); console.log(typeof m.${fn}, typeof core.useFuture, import.meta.resolve('${id}'))`], { cwd: project });
      if (!/^function object .*index\.cjs$/.test(cjs.stdout.trim())) fail(`consumer: require('${id}') gave ${cjs.stdout}`);
      else if (!/^function object .*index\.mjs$/.test(esm.stdout.trim())) fail(`consumer: import('${id}') gave ${esm.stdout}`);
      else pass(`consumer: require('${id}') loads dist/index.cjs, import loads dist/index.mjs`);
    }

    // Types, as CommonJS and as ESM consumers see them (nodenext), and the README examples.
    const consumer = `
import { coSpawn, IoContext, SystemError, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import { asyncConnect, SignalSet, tcp, udp } from '@asio-ts/net';
const ioc = new IoContext();
const stream = new TestStream(ioc);
const bytes = new Uint8Array(4);
export const p: Promise<number> = asyncWrite(stream, bytes, useFuture);
export const c: Promise<number> = coSpawn(ioc, async () => {
  const n = await asyncWrite(stream, bytes, useAwaitable);
  // @ts-expect-error the result is a number (not any)
  const s: string = n;
  return n + s.length;
}, useFuture);
asyncWrite(stream, bytes, (err: SystemError | null, n: number) => void [err, n]);
const socket = new tcp.Socket(ioc);
export const connected: Promise<tcp.Endpoint> = asyncConnect(socket, [new tcp.Endpoint('127.0.0.1', 1)], useFuture);
export const wrote: Promise<number> = asyncWrite(socket, bytes, useFuture);
socket.asyncReadSome(bytes, (err: SystemError | null, n: number) => void [err, n]);
export const signals = new SignalSet(ioc, 'SIGINT');
export const datagram: Promise<[number, udp.Endpoint]> = new udp.Socket(ioc, udp.v4()).asyncReceiveFrom(bytes, useFuture);
`;
    writeFileSync(join(project, 'consumer-cjs.cts'), consumer);
    writeFileSync(join(project, 'consumer-esm.mts'), consumer);
    for (const name of packages) {
      const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
      const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
      blocks.forEach((code, i) => writeFileSync(join(project, `readme-${name}-${i}.mts`), `${code}\nexport {};\n`));
    }
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], strict: true, noEmit: true,
          exactOptionalPropertyTypes: true, skipLibCheck: false,
          typeRoots: [join(root, 'node_modules', '@types')], types: ['node'],
        },
        include: ['*.cts', '*.mts'],
      }, null, 2),
    );
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { cwd: project }).then(
      () => pass('consumer: a .cts and a .mts consumer and the README examples type-check (nodenext, declarations checked too)'),
      (e) => fail(`consumer: tsc:\n${e.stdout}${e.stderr}`),
    );

    await run(process.execPath, [join(root, 'scripts', 'dual-package-check.mjs'), project]).then(
      (r) => pass(`consumer: dual-package check on the installed packages (${r.stdout.split('\n').filter((l) => l.startsWith('ok - ')).length} checks)`),
      (e) => fail(`consumer: dual-package check:\n${e.stdout}${e.stderr}`),
    );
  }
} finally {
  if (keep) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures > 0) {
  console.error(`check-packages: ${failures} failure(s) in ${seconds} s`);
  process.exit(1);
}
console.log(`check-packages: all packages pass (${seconds} s)`);
