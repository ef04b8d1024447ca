// The generated programs of the executor interleaving property (executor-interleavings.test.ts):
// operations (target executor, method, body) and the driver's control steps, and their arbitraries.
import fc from 'fast-check';

export type Method = 'post' | 'dispatch' | 'defer';

type Via = 'method' | 'free' | 'bound';

export type Body =
  | { readonly kind: 'sync' }
  | { readonly kind: 'micro'; readonly ticks: number; readonly childrenAfter: boolean }
  | { readonly kind: 'hop'; readonly hop: number; readonly childrenAfter: boolean }
  | { readonly kind: 'reject'; readonly ticks: number };

interface OpSpec {
  /** -1: submitted by the driver; else the op whose handler submits this one. */
  readonly parent: number;
  readonly target: number;
  readonly method: Method;
  readonly via: Via;
  /** For 'bound': the executor the bound handler is submitted to (it then goes to `target`). */
  readonly through: number;
  readonly body: Body;
  /** Stop context 0 or 1 from inside the handler. */
  readonly stops: -1 | 0 | 1;
}

type Control =
  | 'issue'
  | 'poll0'
  | 'poll1'
  | 'pollOne0'
  | 'pollOne1'
  | 'runOne0'
  | 'run0'
  | 'run1'
  | 'stop0'
  | 'stop1'
  | 'restart0'
  | 'restart1'
  | 'turn'
  | 'micro';

export interface Program {
  readonly ops: readonly OpSpec[];
  readonly steps: readonly Control[];
}

// Executors by index: 0 = context 0, 1 = context 1, 2 = system, 3 and 4 = strands over context 0,
// 5 = strand over context 1, 6 = strand over the system executor.
const executorCount = 7;

export const strandIndexes = [3, 4, 5, 6];

const plainIndexes = [0, 1, 2];

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'sync' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('micro' as const), ticks: fc.nat(4), childrenAfter: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hop' as const), hop: fc.constantFrom(...plainIndexes), childrenAfter: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), ticks: fc.nat(3) }) },
);

const opArb = (i: number): fc.Arbitrary<OpSpec> =>
  fc.record({
    parent: fc.integer({ min: -1, max: i - 1 }),
    target: fc.nat(executorCount - 1),
    method: fc.constantFrom<Method>('post', 'dispatch', 'defer'),
    via: fc.constantFrom<Via>('method', 'method', 'free', 'bound'),
    through: fc.constantFrom(...plainIndexes),
    body: bodyArb,
    stops: fc.oneof({ weight: 8, arbitrary: fc.constant(-1 as const) }, { weight: 1, arbitrary: fc.constantFrom(0 as const, 1 as const) }),
  });

export const programArb: fc.Arbitrary<Program> = fc.integer({ min: 1, max: 24 }).chain((n) =>
  fc.record({
    ops: fc.tuple(...Array.from({ length: n }, (_, i) => opArb(i))),
    steps: fc.array(
      fc.constantFrom<Control>(
        'issue',
        'issue',
        'issue',
        'poll0',
        'poll1',
        'pollOne0',
        'pollOne1',
        'runOne0',
        'run0',
        'run1',
        'stop0',
        'stop1',
        'restart0',
        'restart1',
        'turn',
        'micro',
      ),
      { maxLength: 40 },
    ),
  }),
);
