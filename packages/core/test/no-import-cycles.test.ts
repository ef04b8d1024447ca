// No import cycle among the source files of core and io. Every relative module reference counts:
// `import`, `import type`, `export ... from`, `import('...')` in a type, and `declare module`
// augmentations (a type-only import cycle is still a cycle: it is how the token modules and the
// protocol file once depended on each other). The check reads the files as text, so it needs no
// dependency; a relative reference it cannot resolve to a file fails the test rather than being
// skipped.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const sourceDirs = ['packages/core/src', 'packages/io/src', 'packages/net/src'].map((d) => join(root, d));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The text without comments (strings are kept, so a `//` inside quotes survives). */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const referencePatterns: readonly RegExp[] = [
  // import x from, import { a } from, import type { a } from, import * as m from, export ... from
  /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+)\s+from\s*(['"])([^'"]+)\1/g,
  // import './side-effect.js'
  /(?:^|[;\s])import\s*(['"])([^'"]+)\1/g,
  // import('./x.js') in a type or an expression
  /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  // declare module './x.js' { ... } (an augmentation depends on the module it augments)
  /\bdeclare\s+module\s+(['"])([^'"]+)\1/g,
];

/** The module specifiers `file` refers to. */
function references(file: string): string[] {
  const text = stripComments(readFileSync(file, 'utf8'));
  const specs = new Set<string>();
  for (const pattern of referencePatterns) for (const m of text.matchAll(pattern)) specs.add(m[2]!);
  return [...specs];
}

/** The file a relative specifier names (`./x.js` is `./x.ts`), or undefined. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
}

interface Graph {
  readonly edges: Map<string, string[]>;
  readonly unresolved: string[];
  readonly crossPackage: string[];
}

function buildGraph(): Graph {
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  const crossPackage: string[] = [];
  for (const dir of sourceDirs) {
    for (const file of sourceFiles(dir)) {
      const targets: string[] = [];
      for (const spec of references(file)) {
        if (spec === '@asio-ts/io' && file.includes(`${join('packages', 'core')}`)) crossPackage.push(`${relative(root, file)} -> ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = resolveSpecifier(file, spec);
        if (target === undefined) unresolved.push(`${relative(root, file)}: ${spec}`);
        else if (!target.startsWith(dir)) crossPackage.push(`${relative(root, file)} -> ${relative(root, target)}`);
        else targets.push(target);
      }
      edges.set(file, targets);
    }
  }
  return { edges, unresolved, crossPackage };
}

/** Every cycle found by a depth-first search, each as a list of files (first repeated last). */
function findCycles(edges: Map<string, string[]>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

/**
 * Cycles left to their owners, each with the reason. Only an exact path is tolerated, so a new
 * cycle (or a longer one through the same files) still fails.
 */
const knownCycles: Readonly<Record<string, string>> = {};

/** The strongly connected components with a cycle (more than one file, or a file importing itself). */
function cyclicComponents(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) connect(v);
  return out;
}

describe('import graph of packages/core/src, packages/io/src and packages/net/src', () => {
  const graph = buildGraph();

  test('the scan sees the files and their imports', () => {
    const files = [...graph.edges.keys()].map((f) => relative(root, f));
    expect(files).toContain('packages/core/src/async-result.ts');
    expect(files).toContain('packages/io/src/index.ts');
    const total = [...graph.edges.values()].reduce((n, t) => n + t.length, 0);
    expect(total).toBeGreaterThan(files.length);
    // The protocol file is referenced by the token modules (their augmentations included).
    const useFuture = graph.edges.get(join(root, 'packages/core/src/use-future.ts'))!;
    expect(useFuture.map((f) => relative(root, f))).toContain('packages/core/src/async-result.ts');
  });

  test('every relative reference resolves to a source file of its own package', () => {
    expect(graph.unresolved).toEqual([]);
    expect(graph.crossPackage).toEqual([]);
  });

  test('no cycle', () => {
    // A component of files that import each other is tolerated only when it is exactly the files
    // of a known cycle; the cycles are listed for the message.
    const known = Object.keys(knownCycles).map((c) => [...new Set(c.split(' -> '))].sort().join(','));
    const unknown = cyclicComponents(graph.edges).filter((c) => !known.includes(c.map((f) => relative(root, f)).join(',')));
    const cycles = findCycles(graph.edges)
      .filter((c) => unknown.some((u) => u.includes(c[0]!)))
      .map((c) => c.map((f) => relative(root, f)).join(' -> '));
    expect(cycles).toEqual([]);
    expect(unknown).toEqual([]);
  });

  test('the checker finds a cycle when there is one', () => {
    const a = '/x/a.ts';
    const b = '/x/b.ts';
    const c = '/x/c.ts';
    expect(findCycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual([[a, b, c, a]]);
    expect(findCycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
    expect(findCycles(new Map([[a, [a]]]))).toEqual([[a, a]]);
    expect(cyclicComponents(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual([[a, b, c]]);
    expect(cyclicComponents(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
    expect(cyclicComponents(new Map([[a, [a]], [b, []]]))).toEqual([[a]]);
  });

  test('the reference patterns read every form of import', () => {
    const forms = [
      "import { a } from './a.js';",
      "import type { A } from './b.js';",
      "import x, { y } from './c.js';",
      "import * as ns from './d.js';",
      "export * from './e.js';",
      "export { f, type G } from './f.js';",
      "import {\n  h,\n  type H,\n} from './h.js';",
      "import './i.js';",
      "type J = import('./j.js').J;",
      "declare module './k.js' {}",
      "// import { z } from './commented.js';",
      "/* import { z } from './commented2.js'; */",
    ].join('\n');
    const found = new Set<string>();
    for (const pattern of referencePatterns) for (const m of stripComments(forms).matchAll(pattern)) found.add(m[2]!);
    for (const spec of ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './h.js', './i.js', './j.js', './k.js']) {
      expect(found).toContain(spec);
    }
    expect(found).not.toContain('./commented.js');
    expect(found).not.toContain('./commented2.js');
  });
});
