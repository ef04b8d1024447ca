// The TypeScript blocks inside the doc comments (`@example`s) of the packages' sources: what
// doc-examples.test.ts type-checks and doc-examples-run.test.ts runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = join(__dirname, '..', '..', '..', '..');

export interface DocBlock {
  /** Where the block is, e.g. `packages/core/src/post.ts:12` (the line of the opening fence). */
  readonly where: string;
  /** The declaration the comment documents (its first line), to name the block in a failure. */
  readonly declaration: string;
  readonly code: string;
}

const fence = /^(`{3,})(.*)$/;

/** The TypeScript blocks inside the doc comments of one source text. */
export function docCommentBlocks(source: string, file: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const comment of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const start = comment.index;
    const firstLine = source.slice(0, start).split('\n').length;
    const after = source.slice(start + comment[0].length).split('\n').find((l) => l.trim() !== '') ?? '';
    const declaration = after.trim().slice(0, 80);
    // Each line without the comment's own markup: `/**`, ` * ` and `*/`.
    const lines = comment[0]
      .replace(/^\/\*\*/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''));
    for (let i = 0; i < lines.length; i++) {
      const open = fence.exec(lines[i]!.trim());
      if (open === null) continue;
      const [, ticks, info] = open as unknown as [string, string, string];
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = fence.exec(lines[j]!.trim());
        if (close !== null && close[1]!.length >= ticks.length && close[2]!.trim() === '') break;
        body.push(lines[j]!);
      }
      const lang = info.trim().split(/\s+/)[0];
      if (lang === 'ts' || lang === 'typescript') {
        blocks.push({ where: `${file}:${firstLine + i}`, declaration, code: body.join('\n') + '\n' });
      }
      i = j;
    }
  }
  return blocks;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

export const packages = ['core', 'io', 'net'];
const files = packages.flatMap((p) => sourceFiles(join(root, 'packages', p, 'src'))).sort();
/** Every block of the three packages, in file order. */
export const blocks = files.flatMap((f) => docCommentBlocks(readFileSync(f, 'utf8'), relative(root, f).split('\\').join('/')));

