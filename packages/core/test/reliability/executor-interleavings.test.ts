/**
 * Executor reliability under generated interleavings: post/dispatch/defer (as executor methods,
 * as the free functions, and through bindExecutor) across two IoContexts, four strands (two over
 * the first context, one over the second, one over the system executor) and the system executor
 * itself, with handlers that spawn more handlers, suspend (return promises that settle after
 * microtasks or after a hop through another executor, or reject), stop their context, and a
 * driver that polls, runs, stops and restarts the contexts at random moments.
 *
 * Checked, for every generated program:
 * - every handler submitted runs exactly once, eventually (stop/restart lose nothing);
 * - a strand never runs two of its handlers at once, counting the time an async handler is
 *   suspended (a handler dispatched from inside the strand runs as part of the current one);
 * - FIFO per strand, as Asio specifies it: of the submissions made outside the strand
 *   (any method) and the posts/defers made anywhere, an earlier one starts first;
 * - no work is left outstanding: both contexts' run() resolve at the end.
 */
import fc from 'fast-check';
import {
  bindExecutor,
  defer,
  dispatch,
  IoContext,
  makeStrand,
  post,
  systemExecutor,
  type Executor,
  type Strand,
} from '@asio-ts/core';
import { CountingExecutor } from './counting-executor.js';
import { fcParams, reportFigures, turn } from './fc-config.js';

type Method = 'post' | 'dispatch' | 'defer';
type Via = 'method' | 'free' | 'bound';
type Body =
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

interface Program {
  readonly ops: readonly OpSpec[];
  readonly steps: readonly Control[];
}

// Executors by index: 0 = context 0, 1 = context 1, 2 = system, 3 and 4 = strands over context 0,
// 5 = strand over context 1, 6 = strand over the system executor.
const executorCount = 7;
const strandIndexes = [3, 4, 5, 6];
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

const programArb: fc.Arbitrary<Program> = fc.integer({ min: 1, max: 24 }).chain((n) =>
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

const figures = {
  programs: 0,
  handlersRun: 0,
  strandHandlers: 0,
  asyncHandlers: 0,
  nestedDispatches: 0,
  stops: 0,
  restarts: 0,
  violations: 0,
};

afterAll(() => reportFigures('executor-interleavings', figures));

const opIdKey = Symbol('opId');

interface Submission {
  readonly op: number;
  readonly nested: boolean;
  readonly ordered: boolean;
}

/** Records the submissions reaching a strand, in order. */
class RecordingStrand implements Executor {
  readonly strand: Strand;
  readonly submissions: Submission[] = [];
  /** Ops submitted by a dispatch from inside this strand (they run inline, as part of the current handler). */
  readonly nested = new Set<number>();

  constructor(strand: Strand) {
    this.strand = strand;
  }

  #record(method: Method, fn: () => void): void {
    const op = (fn as unknown as Record<symbol, number | undefined>)[opIdKey];
    if (op === undefined) return;
    const nested = method === 'dispatch' && this.strand.runningInThisThread();
    if (nested) this.nested.add(op);
    this.submissions.push({ op, nested, ordered: method !== 'dispatch' || !nested });
  }

  post(fn: () => void): void {
    this.#record('post', fn);
    this.strand.post(fn);
  }

  defer(fn: () => void): void {
    this.#record('defer', fn);
    this.strand.defer(fn);
  }

  dispatch(fn: () => void): void {
    this.#record('dispatch', fn);
    this.strand.dispatch(fn);
  }

  onWorkStarted(): void {
    this.strand.onWorkStarted();
  }

  onWorkFinished(): void {
    this.strand.onWorkFinished();
  }

  runningInThisThread(): boolean {
    return this.strand.runningInThisThread();
  }
}

async function runProgram(program: Program): Promise<void> {
  figures.programs++;
  const iocs = [new IoContext(), new IoContext()];
  const counted = [new CountingExecutor(iocs[0]!.getExecutor()), new CountingExecutor(iocs[1]!.getExecutor()), new CountingExecutor(systemExecutor)];
  const strands = [
    new RecordingStrand(makeStrand(counted[0]!)),
    new RecordingStrand(makeStrand(counted[0]!)),
    new RecordingStrand(makeStrand(counted[1]!)),
    new RecordingStrand(makeStrand(counted[2]!)),
  ];
  const executors: Executor[] = [counted[0]!, counted[1]!, counted[2]!, ...strands];
  const { ops } = program;
  const starts = new Array<number>(ops.length).fill(0);
  const ends = new Array<number>(ops.length).fill(0);
  const startOrder: number[] = [];
  // Ops of each strand that started and have not finished (a suspended async handler included).
  const active = strands.map(() => new Set<number>());
  const violations: string[] = [];
  const pendingRuns: Promise<number>[] = [];
  let nextRoot = 0;
  const roots = ops.map((o, i) => (o.parent === -1 ? i : -1)).filter((i) => i >= 0);
  const children = ops.map((_, i) => ops.map((o, j) => (o.parent === i ? j : -1)).filter((j) => j >= 0));

  const strandOf = (target: number): number => strandIndexes.indexOf(target);

  const submit = (id: number): void => {
    const spec = ops[id]!;
    const handler = (): unknown => runOp(id);
    (handler as unknown as Record<symbol, number>)[opIdKey] = id;
    const target = executors[spec.target]!;
    switch (spec.via) {
      case 'method':
        target[spec.method](handler as () => void);
        break;
      case 'free': {
        const fn = spec.method === 'post' ? post : spec.method === 'dispatch' ? dispatch : defer;
        fn(target, handler as () => void);
        break;
      }
      case 'bound': {
        const bound = bindExecutor(target, handler as () => void);
        (bound as unknown as Record<symbol, number>)[opIdKey] = id;
        const fn = spec.method === 'post' ? post : spec.method === 'dispatch' ? dispatch : defer;
        fn(executors[spec.through]!, bound);
        break;
      }
    }
  };

  const runOp = (id: number): unknown => {
    const spec = ops[id]!;
    starts[id]!++;
    startOrder.push(id);
    figures.handlersRun++;
    const s = strandOf(spec.target);
    if (s >= 0) {
      figures.strandHandlers++;
      const rs = strands[s]!;
      if (!rs.strand.runningInThisThread()) violations.push(`op ${id} ran on strand ${s} outside it (runningInThisThread() false)`);
      if (rs.nested.has(id)) {
        // Dispatched from inside: part of the handler that dispatched it.
        figures.nestedDispatches++;
      } else if (active[s]!.size > 0) {
        violations.push(`op ${id} started on strand ${s} while op(s) ${[...active[s]!].join(',')} were still running`);
      }
      active[s]!.add(id);
    }
    const finish = (): void => {
      ends[id]!++;
      if (s >= 0) active[s]!.delete(id);
    };
    if (spec.stops >= 0) {
      figures.stops++;
      iocs[spec.stops]!.stop();
    }
    // A strand surfaces a rejected handler promise on the host (strand.test.ts checks that), so
    // here rejections run only where the executor ignores what the handler returns.
    const body: Body = spec.body.kind === 'reject' && s >= 0 ? { kind: 'micro', ticks: spec.body.ticks, childrenAfter: false } : spec.body;
    const issueChildren = (): void => {
      for (const c of children[id]!) submit(c);
    };
    if (body.kind === 'sync') {
      issueChildren();
      finish();
      return undefined;
    }
    figures.asyncHandlers++;
    if (body.kind === 'reject' || !body.childrenAfter) issueChildren();
    const suspended = (async () => {
      if (body.kind === 'hop') {
        await new Promise<void>((resolve) => executors[body.hop]!.post(resolve));
      } else {
        for (let k = 0; k < body.ticks; k++) await Promise.resolve();
      }
      if (body.kind !== 'reject' && body.childrenAfter) issueChildren();
      if (body.kind === 'reject') throw new Error(`op ${id} rejects`);
    })();
    // Observed here, so the rejection is handled whatever the executor does with the promise.
    suspended.then(finish, finish);
    return suspended;
  };

  for (const step of program.steps) {
    switch (step) {
      case 'issue':
        if (nextRoot < roots.length) submit(roots[nextRoot++]!);
        break;
      case 'poll0':
      case 'poll1':
        iocs[Number(step.slice(-1))]!.poll();
        break;
      case 'pollOne0':
      case 'pollOne1':
        iocs[Number(step.slice(-1))]!.pollOne();
        break;
      case 'runOne0':
        pendingRuns.push(iocs[0]!.runOne());
        break;
      case 'run0':
      case 'run1':
        pendingRuns.push(iocs[Number(step.slice(-1))]!.run());
        break;
      case 'stop0':
      case 'stop1':
        figures.stops++;
        iocs[Number(step.slice(-1))]!.stop();
        break;
      case 'restart0':
      case 'restart1':
        figures.restarts++;
        iocs[Number(step.slice(-1))]!.restart();
        break;
      case 'turn':
        await turn();
        break;
      case 'micro':
        await Promise.resolve();
        break;
    }
  }
  while (nextRoot < roots.length) submit(roots[nextRoot++]!);

  // Restart and run everything: nothing posted may be lost to an earlier stop.
  const allEnded = (): boolean => ends.every((e) => e >= 1);
  for (let k = 0; k < 500 && !(allEnded() && counted.every((c) => c.outstanding === 0)); k++) {
    for (const ioc of iocs) {
      ioc.restart();
      ioc.poll();
    }
    await turn();
  }

  const stuck = counted.map((c) => c.outstanding);
  if (!allEnded() || stuck.some((n) => n !== 0)) {
    // Release any run() still waiting, so the failure is reported rather than hanging.
    for (const ioc of iocs) ioc.stop();
  }
  await Promise.all(pendingRuns);

  const fail = (message: string): never => {
    figures.violations++;
    throw new Error(`${message}\nprogram: ${JSON.stringify(program)}\nstarts: ${JSON.stringify(starts)} order: ${JSON.stringify(startOrder)}`);
  };
  if (violations.length > 0) fail(violations.slice(0, 5).join('\n'));
  for (let i = 0; i < ops.length; i++) {
    if (starts[i] !== 1) fail(`op ${i} ran ${starts[i]} times`);
    if (ends[i] !== 1) fail(`op ${i} finished ${ends[i]} times`);
  }
  if (stuck.some((n) => n !== 0)) fail(`outstanding work left: ${JSON.stringify(stuck)}`);
  for (const c of counted) if (c.underflows !== 0) fail('work released twice');

  // FIFO per strand for ordered submissions.
  const position = new Map<number, number>();
  startOrder.forEach((id, k) => position.set(id, k));
  strands.forEach((rs, s) => {
    const ordered = rs.submissions.filter((x) => x.ordered).map((x) => x.op);
    for (let k = 1; k < ordered.length; k++) {
      const a = ordered[k - 1]!;
      const b = ordered[k]!;
      if (position.get(a)! > position.get(b)!) fail(`strand ${s}: op ${a} was submitted before op ${b} but started after it`);
    }
  });

  // Nothing left: both contexts run out of work at once.
  for (const ioc of iocs) {
    ioc.restart();
    if ((await ioc.run()) !== 0) fail('a handler was still queued after everything finished');
  }
}

describe('executors under generated interleavings', () => {
  test('post/dispatch/defer across two IoContexts, strands and the system executor: exactly once, FIFO per strand, one at a time, nothing lost to stop/restart', async () => {
    await fc.assert(fc.asyncProperty(programArb, runProgram), fcParams());
  }, 300_000);
});

describe('regressions found by the interleaving property', () => {
  // Found with FC_SEED=20251125 (the default seed), first failure after 170 programs: an async
  // handler dispatched from inside a strand runs inline, but its promise is dropped, so the strand
  // is released when the outer handler returns and the next handler starts while the dispatched
  // one is still suspended. The strand's contract: "a handler that returns a promise holds the
  // strand until the promise settles, so handlers that suspend never interleave".
  test('an async handler dispatched from inside a strand holds the strand until it settles', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const events: string[] = [];
    strand.post(() => {
      strand.dispatch(async () => {
        events.push('nested start');
        await Promise.resolve();
        events.push('nested end');
      });
    });
    strand.post(() => {
      events.push('next');
    });
    await ioc.run();
    expect(events).toEqual(['nested start', 'nested end', 'next']);
  });
});
