// Runs one generated interleaving program (interleaving-program.ts) and checks it: exactly once,
// one handler at a time and FIFO per strand, nothing left outstanding.
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
import { turn } from './fc-config.js';

import { strandIndexes, type Body, type Method, type Program } from './interleaving-program';

export const figures = {
  programs: 0,
  handlersRun: 0,
  strandHandlers: 0,
  asyncHandlers: 0,
  nestedDispatches: 0,
  stops: 0,
  restarts: 0,
  violations: 0,
};

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

export async function runProgram(program: Program): Promise<void> {
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
