// One config for every package: run from a package folder (`rollup -c ../../rollup.config.mjs`).
// Emits dist/index.mjs (ESM), dist/index.cjs (CommonJS) and a bundled dist/index.d.ts.
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

export default [
  {
    input: 'src/index.ts',
    external,
    plugins: [typescript({ tsconfig: './tsconfig.build.json', sourceMap: true })],
    output: [
      { file: 'dist/index.mjs', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, exports: 'named' },
    ],
  },
  {
    input: 'dist/types/index.d.ts',
    external,
    plugins: [
      dts(),
      {
        name: 'drop-intermediate-declarations',
        writeBundle: () => rmSync(join(cwd, 'dist/types'), { recursive: true, force: true }),
      },
    ],
    output: { file: 'dist/index.d.ts', format: 'es' },
  },
];
