// One config for every package: run from a package folder (`rollup -c ../../rollup.config.mjs`).
// Emits dist/index.mjs (ESM), dist/index.cjs (CommonJS), their source maps (with the sources
// inlined: the package ships no src/), and the bundled declarations twice: dist/index.d.ts for
// `import` (ESM, as the package is "type": "module") and dist/index.d.cts for `require` (CJS).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
const external = (id) =>
  id.startsWith('node:') ||
  Object.keys(pkg.dependencies ?? {}).some((d) => id === d || id.startsWith(`${d}/`));

rmSync(join(cwd, 'dist'), { recursive: true, force: true });

// Maps carry sourcesContent, so they do not point at ../src files the tarball leaves out.
const sourcemap = { sourcemap: true, sourcemapExcludeSources: false };

export default [
  {
    input: 'src/index.ts',
    external,
    plugins: [typescript({ tsconfig: './tsconfig.build.json', sourceMap: true, inlineSources: true })],
    output: [
      { file: 'dist/index.mjs', format: 'es', ...sourcemap },
      { file: 'dist/index.cjs', format: 'cjs', exports: 'named', ...sourcemap },
    ],
  },
  {
    input: 'dist/types/index.d.ts',
    external,
    plugins: [
      dts(),
      {
        // The bundle augments itself (`declare module "./index.js"`, from src's augmentations of
        // './async-result.js'): in index.d.cts that must name index.d.cts, not the ESM index.d.ts.
        name: 'cjs-self-augmentation',
        renderChunk: (code, _chunk, options) =>
          options.file?.endsWith('.d.cts') ? code.replaceAll('declare module "./index.js"', 'declare module "./index.cjs"') : null,
      },
      {
        name: 'drop-intermediate-declarations',
        closeBundle: () => rmSync(join(cwd, 'dist/types'), { recursive: true, force: true }),
      },
    ],
    // The same declarations, read as ESM next to index.mjs and as CommonJS next to index.cjs.
    output: [
      { file: 'dist/index.d.ts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
  },
];
