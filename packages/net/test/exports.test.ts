// The built package (dist) as users load it: a plain `require` and a plain `import` (with the
// `tcp` and `udp` namespaces), and the package metadata, as for core and io. The tarball itself
// is checked by scripts/check-packages.mjs (attw, publint, a fresh install). Run `npm run build`
// after edits.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const dist = join(root, 'packages', 'net', 'dist');
const manifest = (name: string): Record<string, any> => JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

const names = "const n = m; console.log(JSON.stringify([Object.keys(n).filter((k) => k !== 'default').sort(), Object.keys(n.tcp).sort(), Object.keys(n.udp).sort()]))";

test('dist is built', () => {
  for (const f of ['index.cjs', 'index.mjs', 'index.d.ts', 'index.d.cts']) expect(existsSync(join(dist, f))).toBe(true);
});

test('require and import load it, with the same names and namespaces', () => {
  const cjs = node(['-e', `const m = require('@asio-ts/net'); ${names}`]);
  const esm = node(['--input-type=module', '-e', `const m = await import('@asio-ts/net'); ${names}`]);
  expect(esm).toBe(cjs);
  const [top, tcp, udp] = JSON.parse(cjs) as string[][];
  expect(top).toEqual(expect.arrayContaining(['asyncConnect', 'SignalSet', 'netErrors', 'tcp', 'udp']));
  expect(tcp).toEqual(['Acceptor', 'Endpoint', 'Resolver', 'Socket', 'v4', 'v6']);
  expect(udp).toEqual(['Endpoint', 'Resolver', 'Socket', 'v4', 'v6']);
});

test('the CommonJS build uses the CommonJS builds of core and io (one copy each in a require() program)', () => {
  const out = node(['-e', "const net = require('@asio-ts/net'); const core = require('@asio-ts/core'); const ioc = new core.IoContext(); const s = new net.tcp.Socket(ioc); s.asyncReadSome(new Uint8Array(1), (err) => { console.log(Object.getPrototypeOf(err) === core.SystemError.prototype, core.errorIs(err, core.errors.badDescriptor)); }); ioc.run();"]);
  expect(out).toBe('true true');
});

test('package.json: exports, files, license, engines, repository, sideEffects, exact dependencies', () => {
  const pkg = manifest('net');
  expect(pkg.name).toBe('@asio-ts/net');
  expect(pkg.version).toBe('0.1.0');
  expect(pkg.type).toBe('module');
  expect(pkg.exports['.']).toEqual({
    import: { types: './dist/index.d.ts', default: './dist/index.mjs' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
  });
  expect(pkg.exports['./package.json']).toBe('./package.json');
  expect([pkg.main, pkg.types, pkg.module]).toEqual(['./dist/index.cjs', './dist/index.d.cts', './dist/index.mjs']);
  expect(pkg.files).toEqual(['dist', 'LICENSE', 'README.md']);
  expect(pkg.license).toBe('BSL-1.0');
  expect(readFileSync(join(root, 'packages', 'net', 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
  expect(pkg.engines).toEqual({ node: '>=20.16' });
  expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://example.invalid/asio-ts.git', directory: 'packages/net' });
  expect(pkg.sideEffects).toBe(false);
  expect(pkg.dependencies).toEqual({ '@asio-ts/core': manifest('core').version, '@asio-ts/io': manifest('io').version });
});
