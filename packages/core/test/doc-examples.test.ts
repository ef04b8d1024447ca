// The `@example` blocks of the API documentation type-check, so they cannot rot.
//
// - Every ```ts (or ```typescript) block inside a doc comment (`/** ... */`) of the sources of
//   @asio-ts/core, @asio-ts/io and @asio-ts/net is extracted, with each line's leading ` * ` stripped, and
//   written to its own temporary `.mts` file.
// - The blocks are type-checked together in one program against the sources (the repo's
//   tsconfig.json and its `paths`, so the packages resolve to their src; only
//   Node's types, no jest globals). Any diagnostic fails the block, named by its file and the
//   line of its opening fence. doc-examples-run.test.ts runs them.
// - Every example imports what it uses (from the packages or `node:` modules; a name it does
//   not import is a diagnostic), and one that imports nothing from them fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { blocks, docCommentBlocks, packages, root } from './helpers/doc-blocks';

describe('docCommentBlocks', () => {
  const src = [
    '/**', // 1
    ' * Post it.', // 2
    ' *', // 3
    ' * @example', // 4
    ' * ```ts', // 5
    " * import { post } from '@asio-ts/core';", // 6
    ' *   post(() => {});', // 7
    ' * ```', // 8
    ' * ```sh', // 9
    ' * npm test', // 10
    ' * ```', // 11
    ' */', // 12
    'export function post(): void {}', // 13
    '/** ```typescript', // 14
    ' * const a = 1;', // 15
    ' * ``` */', // 16
    'const x = 1;', // 17
  ].join('\n');

  test('every ts / typescript block of a doc comment, its fence line, its declaration; ` * ` stripped', () => {
    expect(docCommentBlocks(src, 'x.ts')).toEqual([
      { where: 'x.ts:5', declaration: 'export function post(): void {}', code: "import { post } from '@asio-ts/core';\n  post(() => {});\n" },
      { where: 'x.ts:14', declaration: 'const x = 1;', code: 'const a = 1;\n' },
    ]);
  });

  test('the sources have examples to check', () => {
    expect(blocks.filter((b) => b.where.startsWith('packages/core/')).length).toBeGreaterThan(50);
    expect(blocks.filter((b) => b.where.startsWith('packages/io/')).length).toBeGreaterThan(10);
    expect(blocks.filter((b) => b.where.startsWith('packages/net/')).length).toBeGreaterThan(20);
  });
});

let dir = '';
const diagnostics = new Map<string, string[]>();
const fileOf = (i: number): string => join(dir, `example-${i}.mts`);

beforeAll(() => {
  // Under the repo's node_modules, so that Node's types resolve as they do for the repo.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, 'asio-ts-doc-examples-'));
  blocks.forEach((b, i) => writeFileSync(fileOf(i), b.code));

  // One program for every block: type-checked against the sources, with the repo's options.
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, { types: ['node'], noEmit: true }, configPath);
  const program = ts.createProgram(
    blocks.map((_, i) => fileOf(i)),
    parsed.options,
  );
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  blocks.forEach((b, i) => {
    const source = program.getSourceFile(fileOf(i));
    if (source === undefined) return void diagnostics.set(b.where, ['not in the program']);
    const found = ts.getPreEmitDiagnostics(program, source).map((d) => ts.formatDiagnostic(d, host).replace(relative(root, fileOf(i)), b.where).trim());
    const imports = source.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
    if (!imports.some((m) => packages.some((p) => m === `@asio-ts/${p}`))) {
      found.push(`${b.where}: the example imports nothing from the @asio-ts packages (import what it uses)`);
    }
    diagnostics.set(b.where, found);
  });
}, 120_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe.each(blocks.map((b) => [b.where, b.declaration] as const))('%s (%s)', (where) => {
  test('type-checks', () => {
    expect(diagnostics.get(where)).toEqual([]);
  });
});

// What the API documentation promises: every public function and class method has a summary and
// an `@example`, every class too, and every other export (constants, types, interfaces) and
// public property a summary.
export interface Missing {
  readonly name: string;
  readonly what: 'summary' | 'example';
}

function inScope(file: string): boolean {
  return packages.some((p) => file.startsWith(join(root, 'packages', p, 'src') + '/'));
}

function docOf(node: ts.Node): { summary: boolean; example: boolean; internal: boolean } | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  if (docs.length === 0) return undefined;
  const doc = docs[docs.length - 1]!;
  const text = typeof doc.comment === 'string' ? doc.comment : (doc.comment ?? []).map((c) => c.text).join('');
  const tags = doc.tags ?? [];
  return {
    summary: text.trim() !== '',
    example: tags.some((t) => t.tagName.text === 'example'),
    internal: tags.some((t) => t.tagName.text === 'internal') || /^@internal\b/.test(text.trim()),
  };
}

/** The public API of `entry` (its exports, and their public members) that lacks a summary or an example. */
export function undocumented(program: ts.Program, entry: string, label: string): Missing[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const missing: Missing[] = [];
  const need = (name: string, node: ts.Node, example: boolean): void => {
    const doc = docOf(node);
    if (doc?.internal === true) return;
    if (doc?.summary !== true) missing.push({ name, what: 'summary' });
    else if (example && !doc.example) missing.push({ name, what: 'example' });
  };
  // The first of a set of overloads carries the comment (TypeDoc copies it to the others); any
  // other overload with a comment of its own needs its own example too.
  const needSignatures = (name: string, decls: readonly ts.SignatureDeclaration[]): void => {
    const withBody = decls.filter((d) => (d as ts.FunctionLikeDeclaration).body !== undefined);
    const sigs = decls.length > withBody.length ? decls.filter((d) => !withBody.includes(d)) : decls;
    need(name, sigs[0]!, true);
    for (const s of sigs.slice(1)) if (docOf(s)?.summary === true) need(name, s, true);
  };
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = symbol.declarations ?? [];
    const decl = decls[0];
    // A namespace export (net's `tcp`, `udp`) is checked as an entry of its own.
    if (decl === undefined || ts.isSourceFile(decl) || !inScope(decl.getSourceFile().fileName)) continue;
    const name = `${label}.${exported.name}`;
    if (ts.isFunctionDeclaration(decl)) needSignatures(name, decls.filter(ts.isFunctionDeclaration));
    else if (ts.isClassDeclaration(decl)) {
      need(name, decl, true);
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      const statics = checker.getPropertiesOfType(checker.getTypeOfSymbol(symbol)).filter((p) => p.name !== 'prototype');
      for (const member of [...statics, ...checker.getPropertiesOfType(instance)]) {
        const memberDecls = member.declarations ?? [];
        const m = memberDecls[0];
        if (m === undefined || !inScope(m.getSourceFile().fileName)) continue;
        const flags = ts.getCombinedModifierFlags(m as ts.Declaration);
        if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        const memberName = (m as ts.NamedDeclaration).name;
        if (memberName === undefined || ts.isPrivateIdentifier(memberName)) continue;
        // An override without a comment of its own shows the one it overrides.
        if (flags & ts.ModifierFlags.Override && docOf(m) === undefined) continue;
        const full = `${name}.${ts.isComputedPropertyName(memberName) ? memberName.getText() : member.name}`;
        // Symbol-keyed members (the token protocol, `Symbol.hasInstance`) and properties and
        // accessors need a summary; methods an example too.
        const isMethod = ts.isMethodDeclaration(m) && !ts.isComputedPropertyName(memberName);
        if (isMethod) needSignatures(full, memberDecls.filter(ts.isMethodDeclaration));
        else need(full, m, false);
      }
    } else need(name, decl, false);
  }
  return missing;
}

describe('the API documentation', () => {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, { types: ['node'], noEmit: true }, configPath);
  const entries = [
    ['@asio-ts/core', join(root, 'packages', 'core', 'src', 'index.ts')],
    ['@asio-ts/io', join(root, 'packages', 'io', 'src', 'index.ts')],
    ['@asio-ts/net', join(root, 'packages', 'net', 'src', 'index.ts')],
    ['tcp', join(root, 'packages', 'net', 'src', 'tcp.ts')],
    ['udp', join(root, 'packages', 'net', 'src', 'udp.ts')],
  ] as const;
  let program: ts.Program;
  beforeAll(() => {
    program = ts.createProgram(entries.map(([, f]) => f), parsed.options);
  }, 60_000);

  test.each(entries)('%s: every public function, class and class method has a summary and an example; every other export a summary', (label, entry) => {
    expect(undocumented(program, entry, label).map((m) => `${m.name}: no ${m.what}`)).toEqual([]);
  });
});
