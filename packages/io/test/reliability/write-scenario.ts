/**
 * A generated `asyncWrite` scenario: the source, condition, token, cancellation and executors of
 * one write, the stream's plan for each chunk and the driver's actions, with their fast-check
 * arbitraries.
 */
import fc from 'fast-check';
import { CancellationType } from '@asio-ts/core';
import type { CancelReaction, ChunkPlan, FaultKind, Timing } from './fault-stream.js';
import type { CondSpec } from './write-model.js';

export type SourceKind =
  | 'single'
  | 'nodeBuffer'
  | 'array'
  | 'generator'
  | 'streambuf'
  | 'vector'
  | 'string'
  | 'vectorV2'
  | 'stringV2';

export const constSourceKinds: readonly SourceKind[] = ['single', 'nodeBuffer', 'array', 'generator'];
export const dynamicSourceKinds: readonly SourceKind[] = ['streambuf', 'vector', 'string', 'vectorV2', 'stringV2'];

export type TokenKind =
  | 'callback'
  | 'deferred'
  | 'deferredAwait'
  | 'useFuture'
  | 'coSpawn'
  | 'coSpawnTuple'
  | 'spawn'
  | 'spawnWithError';

export const allTokenKinds: readonly TokenKind[] = [
  'callback',
  'deferred',
  'deferredAwait',
  'useFuture',
  'coSpawn',
  'coSpawnTuple',
  'spawn',
  'spawnWithError',
];

export type Action =
  | { readonly a: 'poll' }
  | { readonly a: 'complete' }
  | { readonly a: 'flush' }
  | { readonly a: 'cancel'; readonly type: number };

export interface Scenario {
  readonly sourceKind: SourceKind;
  /** The source's pieces (a sequence keeps them; other kinds concatenate them). */
  readonly parts: readonly Uint8Array[];
  /** For dynamic buffers: bytes written and consumed before, so the content does not start at offset 0. */
  readonly preConsumed: number;
  readonly cond: CondSpec;
  readonly token: TokenKind;
  readonly cancelSource: 'none' | 'signal' | 'abort';
  readonly abortType: number;
  readonly preAborted: boolean;
  /** Coroutine kinds: reset the coroutine's cancellation state to let partial through. */
  readonly framePartial: boolean;
  readonly executor: 'ioc' | 'system';
  /** The final handler throws after recording its call (callback tokens over an IoContext). */
  readonly handlerThrows: boolean;
  /**
   * Where the final handler runs: the I/O executor (no association), a strand over it, or a
   * second IoContext (bindExecutor), whose work the operation must hold too.
   */
  readonly handlerExecutor: 'io' | 'strand' | 'other';
  readonly plans: readonly ChunkPlan[];
  readonly actions: readonly Action[];
}

const cancelTypes = [
  CancellationType.Terminal,
  CancellationType.Partial,
  CancellationType.Total,
  CancellationType.Terminal | CancellationType.Partial,
  CancellationType.All,
  CancellationType.None,
];

/** Pick from weighted choices with a uniform draw (fast-check's size bias would favour the first ones). */
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
  [16, 'none'],
  [1, 'brokenPipe'],
  [1, 'connectionReset'],
  [1, 'plain'],
  [1, 'nodeLike'],
  [1, 'nonError'],
]);

export const planArb: fc.Arbitrary<ChunkPlan> = fc.record({
  take: weighted<'all' | 0 | 'n'>([
    [2, 'all'],
    [1, 0],
    [7, 'n'],
  ]).chain((k): fc.Arbitrary<number | 'all'> => (k === 'n' ? fc.noBias(fc.integer({ min: 1, max: 32 })) : fc.constant(k))),
  fault: faultArb,
  timing: weighted<Timing>([
    [2, 'inline'],
    [2, 'posted'],
    [3, 'manual'],
    [3, 'direct'],
  ]),
  onCancel: fc.constantFrom<CancelReaction>('abort0', 'abortSome', 'complete', 'ignore'),
  cancelTake: fc.nat(40),
  cancelDirect: fc.boolean(),
});

export const actionArb: fc.Arbitrary<Action> = weighted<'poll' | 'complete' | 'flush' | 'cancel'>([
  [6, 'poll'],
  [4, 'complete'],
  [1, 'flush'],
  [3, 'cancel'],
]).chain(
  (a): fc.Arbitrary<Action> => (a === 'cancel' ? fc.constantFrom(...cancelTypes).map((type) => ({ a, type }) as const) : fc.constant({ a } as const)),
);

/** A deterministic large buffer (past the 65536-byte chunk limit of the built-in conditions). */
function largeBytes(n: number, salt: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + salt) & 0xff;
  return out;
}

const partsArb: fc.Arbitrary<Uint8Array[]> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }) },
  { weight: 30, arbitrary: fc.array(fc.uint8Array({ minLength: 1, maxLength: 60, size: 'medium' }), { minLength: 1, maxLength: 8, size: 'medium' }) },
  { weight: 3, arbitrary: fc.array(fc.uint8Array({ maxLength: 3 }), { minLength: 60, maxLength: 90 }) },
  { weight: 1, arbitrary: fc.nat(255).map((salt) => [largeBytes(70_000, salt), largeBytes(3, salt)]) },
);

const limitArb = fc.oneof({ weight: 12, arbitrary: fc.noBias(fc.nat(250)) }, { weight: 1, arbitrary: fc.constant(Infinity) });

export const condArb: fc.Arbitrary<CondSpec> = fc.oneof(
  fc.constant({ kind: 'default' } as const),
  fc.constant({ kind: 'all' } as const),
  limitArb.map((k) => ({ kind: 'atLeast', k }) as const),
  limitArb.map((k) => ({ kind: 'exactly', k }) as const),
  fc
    .record({
      limit: fc.nat(250),
      step: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(Infinity)),
      onError: fc.constantFrom('stop' as const, 'continue' as const),
      asBool: fc.boolean(),
    })
    .map((u) => ({ kind: 'user', ...u }) as const),
);

export interface ScenarioConstraints {
  readonly sourceKinds?: readonly SourceKind[];
  readonly tokens?: readonly TokenKind[];
  readonly cancelSources?: readonly Scenario['cancelSource'][];
  readonly executors?: readonly Scenario['executor'][];
  readonly handlerThrows?: boolean;
}

export function scenarioArb(c: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  return fc.record({
    sourceKind: fc.constantFrom(...(c.sourceKinds ?? [...constSourceKinds, ...dynamicSourceKinds])),
    parts: partsArb,
    preConsumed: fc.nat(20),
    cond: condArb,
    token: fc.constantFrom(...(c.tokens ?? allTokenKinds)),
    cancelSource: fc.constantFrom(...(c.cancelSources ?? (['none', 'signal', 'signal', 'abort'] as const))),
    abortType: fc.constantFrom(CancellationType.Terminal, CancellationType.Partial, CancellationType.Total, CancellationType.All),
    preAborted: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    framePartial: fc.boolean(),
    executor: fc.constantFrom(...(c.executors ?? (['ioc'] as const))),
    handlerThrows: fc.constant(c.handlerThrows ?? false),
    handlerExecutor: weighted<Scenario['handlerExecutor']>([
      [2, 'io'],
      [1, 'strand'],
      [1, 'other'],
    ]),
    plans: fc.array(planArb, { minLength: 1, maxLength: 12 }),
    actions: fc.array(actionArb, { minLength: 2, maxLength: 30 }),
  });
}
