// The bundled declarations of core and io (dist/index.d.ts, made by `npm run build`) as a
// browser-only TypeScript project sees them: lib ES2022 + DOM, no @types/node (`types: []`),
// library checks on (skipLibCheck off). dist-fixtures/browser-only.ts (fromWebReadable,
// fromWebWritable, TestStream, asyncWrite, useFuture) must type-check without a diagnostic: the
// public types name no `node:` module (the adapters take structural types, `WritableLike`, ...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const fixture = join(__dirname, 'dist-fixtures', 'browser-only.ts');
const posix = (p: string): string => p.split('\\').join('/');

test('the built declarations name no node: module', () => {
  for (const pkg of ['core', 'io']) {
    // Doc comments may show Node code in their examples; the declarations themselves may not.
    const dts = readFileSync(join(root, 'packages', pkg, 'dist', 'index.d.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(dts.match(/(from|import\()\s*['"]node:[^'"]*['"]/g)).toBeNull();
    expect(dts.match(/\bNodeJS\./g)).toBeNull();
  }
});

test('a browser-only program type-checks against the built declarations without a diagnostic', () => {
  const program = ts.createProgram([fixture], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
  });
  // Resolved through node_modules/@asio-ts/*'s package.json "types", not the sources, and no
  // Node type came in.
  const files = program.getSourceFiles().map((f) => posix(f.fileName));
  expect(files).toContain(posix(join(root, 'packages', 'io', 'dist', 'index.d.ts')));
  expect(files).toContain(posix(join(root, 'packages', 'core', 'dist', 'index.d.ts')));
  expect(files.filter((f) => f.includes('/packages/core/src/') || f.includes('/packages/io/src/'))).toEqual([]);
  expect(files.filter((f) => f.includes('/@types/node/'))).toEqual([]);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${posix(d.file.fileName).slice(posix(root).length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(diagnostics).toEqual([]);
}, 60_000);
