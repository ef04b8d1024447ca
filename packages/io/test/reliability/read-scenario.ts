/**
 * A generated read scenario (`asyncRead` or `asyncReadUntil`): the target, the source, the
 * condition or match, the token, the cancellation, the stream's plan for each read and the
 * driver's actions, with their fast-check arbitraries. Its target and match are built in
 * read-target.ts (re-exported here for the fault tests).
 */
import fc from 'fast-check';
import { CancellationType } from '@asio-ts/core';
import { concat } from '../helpers/bytes.js';
import type { FaultKind } from './fault-stream.js';
import type { ReadCancelReaction, ReadPlan, ReadTiming } from './read-fault-stream.js';
import { condArb } from './write-scenario.js';
import type { CondSpec } from './write-model.js';

export type FixedKind = 'single' | 'nodeBuffer' | 'array' | 'generator';
export type DynamicKindName = 'streambuf' | 'vector' | 'string' | 'vectorV2' | 'stringV2';
export const fixedKinds: readonly FixedKind[] = ['single', 'nodeBuffer', 'array', 'generator'];
export const dynamicKindNames: readonly DynamicKindName[] = ['streambuf', 'vector', 'string', 'vectorV2', 'stringV2'];

export type ReadToken = 'callback' | 'deferred' | 'useFuture' | 'coSpawn' | 'spawn';
export const readTokens: readonly ReadToken[] = ['callback', 'deferred', 'useFuture', 'coSpawn', 'spawn'];

export type MatchKind = 'string' | 'bytes' | 'regexp' | 'condition';
export const matchKinds: readonly MatchKind[] = ['string', 'bytes', 'regexp', 'condition'];

export type Action = { readonly a: 'poll' } | { readonly a: 'complete' } | { readonly a: 'flush' } | { readonly a: 'cancel'; readonly type: number };

export interface ReadScenario {
  readonly op: 'read' | 'until';
  readonly fixed: FixedKind | null;
  readonly dynamic: DynamicKindName | null;
  /** A buffer sequence's pieces (sizes). */
  readonly layout: readonly number[];
  /** A dynamic buffer's readable bytes before the operation, and junk consumed before them. */
  readonly pre: Uint8Array;
  readonly junk: number;
  /** A dynamic buffer's maxSize (at least pre.length), or unlimited. */
  readonly maxSize: number | null;
  readonly source: Uint8Array;
  readonly cond: CondSpec;
  readonly matchKind: MatchKind;
  readonly delim: Uint8Array;
  readonly token: ReadToken;
  readonly cancelSource: 'none' | 'signal' | 'abort';
  readonly abortType: number;
  readonly plans: readonly ReadPlan[];
  readonly actions: readonly Action[];
}

function weighted<T>(choices: ReadonlyArray<readonly [number, T]>): fc.Arbitrary<T> {
  const total = choices.reduce((a, [w]) => a + w, 0);
  return fc.noBias(fc.nat(total - 1)).map((r) => {
    for (const [w, v] of choices) {
      if (r < w) return v;
      r -= w;
    }
    return choices[choices.length - 1]![1];
  });
}

const faultArb: fc.Arbitrary<FaultKind> = weighted<FaultKind>([
  [24, 'none'],
  [1, 'brokenPipe'],
  [1, 'connectionReset'],
  [1, 'plain'],
  [1, 'nodeLike'],
  [1, 'nonError'],
]);

export const readPlanArb: fc.Arbitrary<ReadPlan> = fc.record({
  take: weighted<'all' | 0 | 'n'>([
    [3, 'all'],
    [1, 0],
    [10, 'n'],
  ]).chain((k): fc.Arbitrary<number | 'all'> => (k === 'n' ? fc.noBias(fc.integer({ min: 1, max: 40 })) : fc.constant(k))),
  fault: faultArb,
  timing: weighted<ReadTiming>([
    [2, 'inline'],
    [3, 'posted'],
    [3, 'manual'],
    [2, 'direct'],
  ]),
  onCancel: fc.constantFrom<ReadCancelReaction>('abort0', 'complete', 'ignore'),
});

const cancelTypes = [
  CancellationType.Terminal,
  CancellationType.Partial,
  CancellationType.Total,
  CancellationType.Terminal | CancellationType.Partial,
  CancellationType.None,
];

export const actionArb: fc.Arbitrary<Action> = weighted<'poll' | 'complete' | 'flush' | 'cancel'>([
  [6, 'poll'],
  [5, 'complete'],
  [1, 'flush'],
  [2, 'cancel'],
]).chain((a): fc.Arbitrary<Action> => (a === 'cancel' ? fc.constantFrom(...cancelTypes).map((type) => ({ a, type }) as const) : fc.constant({ a } as const)));

const delimArb = fc.oneof(
  fc.constant(Uint8Array.from([10])),
  fc.constant(Uint8Array.from([13, 10])),
  fc.uint8Array({ minLength: 1, maxLength: 3 }),
);

/** Lines of random bytes, each ended by `delim` (sometimes the last one is not). */
export function linesSource(lines: readonly Uint8Array[], delim: Uint8Array, unterminated: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const l of lines) parts.push(l, delim);
  parts.push(unterminated);
  return concat(parts);
}

export interface ScenarioConstraints {
  readonly op: 'read' | 'until';
  readonly fixed?: boolean;
  readonly tokens?: readonly ReadToken[];
  readonly cancelSources?: readonly ReadScenario['cancelSource'][];
}

export function readScenarioArb(c: ScenarioConstraints): fc.Arbitrary<ReadScenario> {
  const fixed = c.op === 'read' && c.fixed === true;
  return fc
    .record({
      fixed: fixed ? fc.constantFrom(...fixedKinds) : fc.constant(null),
      dynamic: fixed ? fc.constant(null) : fc.constantFrom(...dynamicKindNames),
      layout: fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }),
      pre: fc.uint8Array({ maxLength: c.op === 'until' ? 12 : 30 }),
      junk: fc.nat(16),
      maxExtra: fc.option(fc.nat(300), { nil: null, freq: 2 }),
      delim: delimArb,
      lines: fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }),
      unterminated: fc.uint8Array({ maxLength: 30 }),
      rawSource: fc.uint8Array({ maxLength: 300 }),
      cond: condArb,
      matchKind: fc.constantFrom(...matchKinds),
      token: fc.constantFrom(...(c.tokens ?? readTokens)),
      cancelSource: fc.constantFrom(...(c.cancelSources ?? (['none', 'signal', 'signal', 'abort'] as const))),
      abortType: fc.constantFrom(CancellationType.Terminal, CancellationType.Partial, CancellationType.Total),
      plans: fc.array(readPlanArb, { minLength: 1, maxLength: 14 }),
      actions: fc.array(actionArb, { minLength: 2, maxLength: 30 }),
    })
    .map((r): ReadScenario => {
      // A string delimiter is its UTF-8 bytes: ASCII ones spell themselves.
      const delim = r.matchKind === 'string' ? r.delim.map((b) => b & 0x7f) : r.delim;
      const source = c.op === 'until' ? linesSource(r.lines, delim, r.unterminated) : r.rawSource;
      return {
        op: c.op,
        fixed: r.fixed,
        dynamic: r.dynamic,
        layout: r.layout,
        pre: r.pre,
        junk: r.junk,
        maxSize: r.maxExtra === null ? null : r.pre.length + r.maxExtra,
        source,
        // A condition that goes on after an error would read forever at the end of the stream
        // (in Asio too: every read there fails again), so the generated ones stop.
        cond: r.cond.kind === 'user' ? { ...r.cond, onError: 'stop' } : r.cond,
        matchKind: r.matchKind,
        delim,
        token: r.token,
        cancelSource: r.cancelSource,
        abortType: r.abortType,
        plans: r.plans,
        actions: r.actions,
      };
    });
}

export { buildMatch, buildTarget } from './read-target.js';
