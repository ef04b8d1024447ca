// Package metadata and what `"sideEffects": false` lets bundlers do. The tarballs themselves are
// checked by scripts/check-packages.mjs (attw, publint, a fresh install), run by `npm test`.
// Uses the built dist: run `npm run build` after edits.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';

const root = join(__dirname, '..', '..', '..');
const manifest = (name: string): Record<string, any> => JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));

describe.each(['core', 'io'])('@asio-ts/%s package.json', (name) => {
  const pkg = manifest(name);

  test('exports: import gets index.d.ts + index.mjs, require gets index.d.cts + index.cjs, types first', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.mjs' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
    for (const condition of Object.values(pkg.exports['.']) as Record<string, string>[]) {
      expect(Object.keys(condition)).toEqual(['types', 'default']);
    }
    expect(pkg.exports['./package.json']).toBe('./package.json');
    // Resolvers that ignore `exports` (node10): the CommonJS build and its declarations.
    expect([pkg.main, pkg.types, pkg.module]).toEqual(['./dist/index.cjs', './dist/index.d.cts', './dist/index.mjs']);
  });

  test('files, license, engines, repository, sideEffects', () => {
    expect(pkg.files).toEqual(['dist', 'LICENSE', 'README.md']);
    expect(pkg.license).toBe('BSL-1.0');
    expect(readFileSync(join(root, 'packages', name, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(pkg.engines).toEqual({ node: '>=20.16' });
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://example.invalid/asio-ts.git', directory: `packages/${name}` });
    expect(pkg.sideEffects).toBe(false);
  });
});

test('@asio-ts/io depends on the @asio-ts/core of this repository, at its exact version', () => {
  expect(manifest('io').dependencies).toEqual({ '@asio-ts/core': manifest('core').version });
});

// `"sideEffects": false` lets a bundler drop a module none of whose exports are used. core's
// only top-level statements with effects brand its own executor prototypes (brandExecutor),
// which matter only when those classes are used, and then stay. A bundle made as a bundler
// treats the packages (rollup with moduleSideEffects false) keeps them and still works.
test('a consumer bundled with moduleSideEffects false keeps what it uses working', async () => {
  const dist = (name: string): string => join(root, 'packages', name, 'dist', 'index.mjs');
  const consumer = `
    import { IoContext, makeStrand, SystemError, errors, errorIs, post, useFuture, CancellationSignal, CancellationState } from '@asio-ts/core';
    import { asyncWrite, TestStream } from '@asio-ts/io';
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const out = [Symbol.for('asio-ts.executor') in strand, Symbol.for('asio-ts.executor') in ioc.getExecutor()];
    const state = new CancellationState(new CancellationSignal().slot());
    out.push(state instanceof CancellationState);
    const stream = new TestStream(strand, { failAt: 2 });
    const posted = post(strand, useFuture);
    const done = asyncWrite(stream, new Uint8Array(4), useFuture).catch((e) => e);
    await ioc.run();
    await posted;
    const e = await done;
    out.push(e instanceof SystemError, errorIs(e, errors.brokenPipe));
    console.log(JSON.stringify(out));
  `;
  const bundle = await rollup({
    input: 'consumer',
    treeshake: { moduleSideEffects: false },
    onwarn: () => {},
    plugins: [
      {
        name: 'consumer-and-packages',
        resolveId: (id) =>
          id === 'consumer' ? id : id === '@asio-ts/core' ? dist('core') : id === '@asio-ts/io' ? dist('io') : id.startsWith('node:') ? { id, external: true } : null,
        load: (id) => (id === 'consumer' ? consumer : null),
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const code = output[0].code;
  expect(code).toContain('brandExecutor(Strand.prototype)');
  expect(code).toContain('brandExecutor(IoContextExecutor.prototype)');
  expect(code).not.toContain('class ParallelGroup'); // unused parts are dropped
  const dir = mkdtempSync(join(tmpdir(), 'asio-ts-bundle-'));
  try {
    writeFileSync(join(dir, 'bundle.mjs'), code);
    const out = execFileSync(process.execPath, [join(dir, 'bundle.mjs')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([true, true, true, true, true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
