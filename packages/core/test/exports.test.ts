// The built package (dist) must load through a plain `require` and a plain `import`, as users'
// CommonJS and ESM code would load it. `npm install` builds dist; run `npm run build` after edits.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

describe.each(['@asio-ts/core', '@asio-ts/io'])('%s dist', (name) => {
  const dist = join(root, 'packages', name.split('/')[1]!, 'dist');

  test('is built (npm install / npm run build)', () => {
    expect(existsSync(join(dist, 'index.cjs'))).toBe(true);
    expect(existsSync(join(dist, 'index.mjs'))).toBe(true);
    expect(existsSync(join(dist, 'index.d.ts'))).toBe(true);
  });

  test('loads with require()', () => {
    const out = execFileSync(process.execPath, ['-e', `const m = require(${JSON.stringify(name)}); console.log(Object.keys(m).length > 0 && typeof m === 'object')`], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe('true');
  });

  test('loads with import', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); console.log(Object.keys(m).length > 0)`], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe('true');
  });

  test('require and import expose the same names', () => {
    const cjs = execFileSync(process.execPath, ['-e', `console.log(Object.keys(require(${JSON.stringify(name)})).sort().join(','))`], { cwd: root, encoding: 'utf8' });
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); console.log(Object.keys(m).filter((k) => k !== 'default').sort().join(','))`], { cwd: root, encoding: 'utf8' });
    expect(esm.trim()).toBe(cjs.trim());
  });
});
