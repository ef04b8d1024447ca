/**
 * The bad-input table: every function export of '@asio-ts/core' and '@asio-ts/io' (classes
 * constructed with `new`), called with generated wrong-typed arguments, one argument at a time
 * (the others valid). Architecture rule 4: a programmer error throws synchronously a TypeError or
 * RangeError whose message names the argument (it starts with the argument's name, or a path
 * into it such as `options.executor` or `ops[0]`) — never a generic Error, never a non-Error,
 * and never nothing. Functions that legitimately accept anything are listed, with the reason,
 * and are checked not to throw; exports left out are listed with the reason.
 *
 * The enumeration is checked too: a new export that is in none of the lists fails the suite,
 * so the table cannot silently fall behind the public surface.
 */
import fc from 'fast-check';
import * as core from '@asio-ts/core';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';
import { coreTable } from './bad-input/core-table.js';
import { ioTable } from './bad-input/io-table.js';
import { judge, modules, show } from './bad-input/judge.js';
import { junkArb } from './bad-input/junk.js';
import { valid } from './bad-input/kinds.js';
import { acceptsAnything, excluded } from './bad-input/lists.js';
import { sample } from './bad-input/samples.js';

/** Every row, core's and io's: the enumeration check below runs over the union. */
const table = [...coreTable, ...ioTable];

const figures = { functionsChecked: 0, argumentsChecked: 0, callsMade: 0, anythingCalls: 0, findings: 0 };
afterAll(() => reportFigures('bad-input', figures));

describe('the bad-input table covers every export', () => {
  test.each(['core', 'io'] as const)('every function export of @asio-ts/%s is in the table, the anything list or the exclusions', (pkg) => {
    const listed = new Set<string>([
      ...table.filter((e) => e.pkg === pkg).map((e) => e.name),
      ...Object.keys(acceptsAnything)
        .filter((k) => k.startsWith(`${pkg}.`))
        .map((k) => k.slice(pkg.length + 1).replace(/\(.*\)$/, '')),
      ...Object.keys(excluded)
        .filter((k) => k.startsWith(`${pkg}.`))
        .map((k) => k.slice(pkg.length + 1)),
    ]);
    const functions = Object.entries(modules[pkg])
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    const missing = functions.filter((k) => !listed.has(k));
    expect(missing).toEqual([]);
  });
});

describe.each(table.map((e) => [`${e.pkg}.${e.name}`, e] as const))('%s', (_label, entry) => {
  const checked = entry.params.map((param, i) => [param, i] as const).filter(([param]) => param.kind !== 'any');
  test.each(checked.map(([param, i]) => [param.name, i] as const))(
    'a wrong-typed %s throws a TypeError or RangeError naming it',
    (_name, index) => {
      figures.functionsChecked += index === checked[0]![1] ? 1 : 0;
      figures.argumentsChecked++;
      const param = entry.params[index]!;
      const wrong = junkArb.filter(
        (v) => !valid(param.kind, v) && !(param.optional === true && v === undefined) && !(param.alsoValid?.(v) ?? false),
      );
      try {
        fc.assert(
          fc.property(wrong, (value) => {
            figures.callsMade++;
            const args = entry.params.map((q, j) => (j === index ? value : q.sample !== undefined ? q.sample() : sample(q.kind)));
            const verdict = judge(entry, index, args);
            if (!verdict.ok) throw new Error(`${entry.pkg}.${entry.name}: ${param.name} = ${show(value)} ${verdict.why}`);
          }),
          fcParams(),
        );
      } catch (e) {
        figures.findings++;
        throw e;
      }
    },
  );
});

describe('functions that accept anything never throw', () => {
  const simple = Object.keys(acceptsAnything).filter((k) => !k.includes('('));
  test.each(simple)('%s', (key) => {
    const [pkg, name] = key.split('.') as ['core' | 'io', string];
    const f = modules[pkg][name] as (...a: unknown[]) => unknown;
    const predicate = /^is[A-Z]/.test(name);
    fc.assert(
      fc.property(fc.array(junkArb, { minLength: 1, maxLength: 3 }), (args) => {
        figures.anythingCalls++;
        const r = f.prototype !== undefined && /^[A-Z]/.test(name) ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args);
        if (predicate && typeof r !== 'boolean') throw new Error(`${key} returned ${show(r)}, not a boolean`);
        if (name === 'fromNodeError' && !(r instanceof core.SystemError)) throw new Error(`fromNodeError returned ${show(r)}`);
      }),
      fcParams(),
    );
  });
});
