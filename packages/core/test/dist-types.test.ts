// The bundled declarations (dist/index.d.ts, made by `npm run build`) as a user's TypeScript sees
// them: dist-fixtures/user-token.ts must type-check against them with no error, library checks
// on (skipLibCheck off), so that every CompletionTokenTypes entry the token modules register by
// declaration merging survives the declaration bundler, and a user's own entry merges in.
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const fixture = join(__dirname, 'dist-fixtures', 'user-token.ts');

test('the built declarations type the user-token fixture without an error', () => {
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
  // Resolved through node_modules/@asio-ts/core's package.json "types", not the sources.
  const files = program.getSourceFiles().map((f) => f.fileName);
  expect(files).toContain(join(root, 'packages', 'core', 'dist', 'index.d.ts').split('\\').join('/'));
  expect(files.some((f) => f.includes('/packages/core/src/'))).toBe(false);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(root.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(diagnostics).toEqual([]);
}, 60_000);
