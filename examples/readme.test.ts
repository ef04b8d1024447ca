// The documentation's examples run as written, so they cannot rot.
//
// - Every ```ts (or ```typescript) block of README.md, and every such block of docs/porting.md
//   marked runnable (`ts runnable` as the fence's info string, or `<!-- runnable -->` on the line
//   before the fence), is written as is to a temporary `.mts` file.
// - Each is type-checked against the sources (the repo's tsconfig.json and its `paths`; only
//   Node's types, no jest globals), and fails on any diagnostic.
// - Each is stripped of its types (`ts.transpileModule`) and run with `node` against the built
//   packages (`@asio-ts/core` and `@asio-ts/io` resolve to dist through the workspace links in
//   node_modules, as a user's file would: run `npm run build` after editing the sources). It
//   fails when it throws, exits non-zero, or is still running after `runTimeoutMs`; when the
//   block has `// prints: <line>` comments, its output must be those lines, in order.
// - The runner provides one thing a block may use beyond what it writes itself: a local TCP
//   server that reads and discards everything, its port in `process.env.ASIO_TS_EXAMPLE_PORT`.
//   Prefer self-contained blocks (the README's make their own server).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..');
const runTimeoutMs = 15000;

export interface CodeBlock {
  /** Where the block is, e.g. `README.md:37` (the line of the opening fence). */
  readonly where: string;
  readonly code: string;
}

const fence = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const marker = /^\s*<!--\s*runnable\s*-->\s*$/;

/**
 * The TypeScript blocks of a Markdown text: all of them (`which: 'all'`), or only those marked
 * runnable (`ts runnable` info string, or `<!-- runnable -->` on the line before the fence).
 */
export function typeScriptBlocks(markdown: string, file: string, which: 'all' | 'marked'): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, ticks, info] = open as unknown as [string, string, string, string];
    if (ticks[0] === '`' && info.includes('`')) continue; // not a fence (CommonMark)
    const words = info.trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = fence.exec(lines[j]!);
      if (close !== null && close[2]![0] === ticks[0] && close[2]!.length >= ticks.length && close[3]!.trim() === '') break;
      // Content loses up to the opening fence's indentation.
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent.length}}`), ''));
    }
    const isTs = words[0] === 'ts' || words[0] === 'typescript';
    const marked = words.slice(1).includes('runnable') || (i > 0 && marker.test(lines[i - 1]!));
    if (isTs && (which === 'all' || marked)) blocks.push({ where: `${file}:${i + 1}`, code: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}

const documents: ReadonlyArray<readonly [file: string, which: 'all' | 'marked']> = [
  ['README.md', 'all'],
  ['docs/porting.md', 'marked'],
];

const blocks = documents.flatMap(([file, which]) => typeScriptBlocks(readFileSync(join(root, file), 'utf8'), file, which));

describe('typeScriptBlocks', () => {
  const md = [
    '```ts',
    'const a = 1;',
    '```',
    '```sh',
    'npm test',
    '```',
    '<!-- runnable -->',
    '```ts',
    'const b = 2;',
    '````',
    '```ts runnable',
    'const c = 3;',
    '```',
    '  ```typescript',
    '  const d = 4;',
    '  ```',
  ].join('\n');

  test('all: every ts / typescript block, with the line of its fence', () => {
    expect(typeScriptBlocks(md, 'x.md', 'all')).toEqual([
      { where: 'x.md:1', code: 'const a = 1;\n' },
      { where: 'x.md:8', code: 'const b = 2;\n' },
      { where: 'x.md:11', code: 'const c = 3;\n' },
      { where: 'x.md:14', code: 'const d = 4;\n' },
    ]);
  });

  test('marked: only blocks after <!-- runnable --> or with `ts runnable` as the info string', () => {
    expect(typeScriptBlocks(md, 'x.md', 'marked').map((b) => b.code)).toEqual(['const b = 2;\n', 'const c = 3;\n']);
  });

  test('the README has blocks to run', () => {
    expect(blocks.filter((b) => b.where.startsWith('README.md')).length).toBeGreaterThan(0);
  });
});

let dir = '';
let server: Server;
let port = 0;
const diagnostics = new Map<string, string[]>();
const fileOf = (i: number): string => join(dir, `block-${i}.mts`);

beforeAll(async () => {
  // Under the repo's node_modules, so that `@asio-ts/*` resolves through the workspace links.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, 'asio-ts-doc-blocks-'));
  blocks.forEach((b, i) => writeFileSync(fileOf(i), b.code));

  server = createServer((peer) => peer.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

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
    const found = ts.getPreEmitDiagnostics(program, source);
    diagnostics.set(b.where, found.map((d) => ts.formatDiagnostic(d, host).replace(relative(root, fileOf(i)), b.where).trim()));
  });
}, 60000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

interface Run {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function run(i: number): Promise<Run> {
  const js = ts.transpileModule(blocks[i]!.code, {
    fileName: fileOf(i),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  }).outputText;
  const script = fileOf(i).replace(/\.mts$/, '.mjs');
  writeFileSync(script, js);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { cwd: dir, timeout: runTimeoutMs, env: { ...process.env, ASIO_TS_EXAMPLE_PORT: String(port) }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: unknown; killed?: boolean; signal?: string | null }) | null;
        resolve({
          exitCode: e === null ? 0 : typeof e.code === 'number' ? e.code : null,
          signal: e?.signal ?? null,
          timedOut: e?.killed === true,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe.each(blocks.map((b, i) => [b.where, i] as const))('%s', (where, i) => {
  test('type-checks', () => {
    expect(diagnostics.get(where)).toEqual([]);
  });

  test('runs: exits 0 within the time limit', async () => {
    expect(existsSync(join(root, 'packages', 'io', 'dist', 'index.mjs'))).toBe(true); // npm run build
    const result = await run(i);
    if (result.exitCode !== 0 || result.timedOut) {
      const how = result.timedOut ? `was still running after ${runTimeoutMs} ms` : `exited with ${result.exitCode ?? result.signal}`;
      throw new Error(`${where} ${how}\n--- stderr ---\n${result.stderr}--- stdout ---\n${result.stdout}`);
    }
    const prints = [...blocks[i]!.code.matchAll(/\/\/ prints: (.*)$/gm)].map((m) => m[1]!.trim());
    if (prints.length > 0) expect(result.stdout.trimEnd().split('\n')).toEqual(prints);
  }, runTimeoutMs + 5000);
});
