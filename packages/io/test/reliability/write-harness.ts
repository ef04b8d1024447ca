/**
 * Drives one generated `asyncWrite` scenario over a FaultStream and checks every completion rule
 * against the reference model (write-model.ts). Used by async-write-faults.test.ts.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import {
  asTuple,
  asyncInitiate,
  asyncResult,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  makeStrand,
  CancellationSignal,
  CancellationType,
  coSpawn,
  deferred,
  enablePartialCancellation,
  IoContext,
  spawn,
  systemExecutor,
  tokenKind,
  useAwaitable,
  useFuture,
  withAssociationsOf,
  type ErrorRef,
  type Executor,
  type Handler,
  type Signature,
  type Initiation,
} from '@asio-ts/core';
import {
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  transferAll,
  transferAtLeast,
  transferExactly,
  asyncWrite,
  type CompletionCondition,
  type DynamicBufferV1,
  type DynamicBufferV2,
} from '@asio-ts/io';
import { CountingExecutor } from '../../../core/test/reliability/counting-executor.js';
import { turn } from '../../../core/test/reliability/fc-config.js';
import { FaultStream, type CancelReaction, type ChunkPlan, type FaultKind, type StreamEvent, type Timing } from './fault-stream.js';
import { errorMismatch, replay, userCondition, type CondSpec, type ModelResult } from './write-model.js';

// ---------------------------------------------------------------------------------------------
// Scenarios

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

// ---------------------------------------------------------------------------------------------
// Figures

export interface WriteFigures {
  [key: string]: number;
  runs: number;
  writeOps: number;
  chunks: number;
  faultsInjected: number;
  inlineCompletions: number;
  cancellationsEmitted: number;
  cancellationsReachingStream: number;
  abortedBetweenChunks: number;
  refusedByCoroutine: number;
  bytesWritten: number;
  leaksFound: number;
}

export function newFigures(): WriteFigures {
  return {
    runs: 0,
    writeOps: 0,
    chunks: 0,
    faultsInjected: 0,
    inlineCompletions: 0,
    cancellationsEmitted: 0,
    cancellationsReachingStream: 0,
    abortedBetweenChunks: 0,
    refusedByCoroutine: 0,
    bytesWritten: 0,
    leaksFound: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Sources

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function binary(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

interface Source {
  readonly buffers: unknown;
  readonly bytes: Uint8Array;
  readonly layout: readonly number[];
  /** What a dynamic buffer holds now, or null for a buffer sequence. */
  rest(): Uint8Array | null;
}

function makeSource(kind: SourceKind, parts: readonly Uint8Array[], preConsumed: number): Source {
  const bytes = concat(parts);
  const junk = new Uint8Array(preConsumed).fill(0xee);
  switch (kind) {
    case 'single':
      return { buffers: bytes, bytes, layout: [bytes.length], rest: () => null };
    case 'nodeBuffer':
      return { buffers: Buffer.from(bytes), bytes, layout: [bytes.length], rest: () => null };
    case 'array': {
      const copies = parts.map((p) => p.slice());
      return { buffers: copies, bytes, layout: copies.map((p) => p.length), rest: () => null };
    }
    case 'generator': {
      const copies = parts.map((p) => p.slice());
      function* gen(): Generator<Uint8Array> {
        yield* copies;
      }
      return { buffers: gen(), bytes, layout: copies.map((p) => p.length), rest: () => null };
    }
    case 'streambuf': {
      const sb = new Streambuf();
      sb.sputn(junk);
      sb.sputn(bytes);
      sb.consume(preConsumed);
      return { buffers: sb, bytes, layout: [bytes.length], rest: () => sb.data().slice() };
    }
    case 'vector': {
      const vec = new ByteVector(concat([junk, bytes]));
      const db = dynamicBuffer(vec);
      db.consume(preConsumed);
      return {
        buffers: db,
        bytes,
        layout: [bytes.length],
        rest: () => {
          const viaBuffer = db.data().slice();
          return equalBytes(viaBuffer, vec.bytes()) ? viaBuffer : new Uint8Array([0xde, 0xad]);
        },
      };
    }
    case 'string': {
      const ref = { value: binary(junk) + binary(bytes) };
      const db: DynamicBufferV1 = dynamicStringBuffer(ref);
      db.consume(preConsumed);
      return {
        buffers: db,
        bytes,
        layout: [bytes.length],
        rest: () => {
          const data = (db.data() as Uint8Array).slice();
          return ref.value === binary(data) ? data : new Uint8Array([0xde, 0xad]);
        },
      };
    }
    case 'vectorV2': {
      const vec = new ByteVector(concat([junk, bytes]));
      const db: DynamicBufferV2 = dynamicBufferV2(vec);
      db.consume(preConsumed);
      return { buffers: db, bytes, layout: [bytes.length], rest: () => (db.data(0, db.size()) as Uint8Array).slice() };
    }
    case 'stringV2': {
      const ref = { value: binary(junk) + binary(bytes) };
      const db: DynamicBufferV2 = dynamicStringBufferV2(ref);
      db.consume(preConsumed);
      return {
        buffers: db,
        bytes,
        layout: [bytes.length],
        rest: () => {
          const data = (db.data(0, db.size()) as Uint8Array).slice();
          return ref.value === binary(data) ? data : new Uint8Array([0xde, 0xad]);
        },
      };
    }
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function makeCondition(spec: CondSpec): CompletionCondition | undefined {
  switch (spec.kind) {
    case 'default':
      return undefined;
    case 'all':
      return transferAll();
    case 'atLeast':
      return transferAtLeast(spec.k);
    case 'exactly':
      return transferExactly(spec.k);
    case 'user':
      return userCondition(spec);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

interface CallCounter {
  calls: number;
  insideInitiation: number;
}

/**
 * A user-defined token adapter that counts how often the inner token's handler is called (so
 * "exactly once" is observable under promise and coroutine tokens too, where a second call
 * would vanish silently) and whether a call happened inside the initiating function.
 */
function counted<T>(inner: T, counter: CallCounter, initiating: () => boolean, onCall?: () => void): unknown {
  return {
    [tokenKind]: 'counted',
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
      // The inner token launches the wrapping initiation, which gets the outer initiation and its
      // arguments as its own arguments.
      return asyncInitiate(
        (handler: Handler<Signature>, outer: Initiation<S, A>, outerArgs: A) => {
          const wrapper = withAssociationsOf((...results: unknown[]) => {
            counter.calls++;
            if (initiating()) counter.insideInitiation++;
            onCall?.();
            handler(...results);
          }, handler);
          outer(wrapper as unknown as Handler<S>, ...outerArgs);
        },
        inner,
        initiation,
        args,
      );
    },
  };
}

const aw = asyncWrite as unknown as (...args: unknown[]) => unknown;

// ---------------------------------------------------------------------------------------------
// The run

interface Outcome {
  /** Final handler (or coroutine handler) calls. */
  calls: number;
  insideInitiation: number;
  settled: boolean;
  err: unknown;
  n: number | undefined;
  /** For coroutine kinds: the write's own error/bytes as the body saw them. */
  innerErr: unknown;
  innerN: number | undefined;
  bodyResult: boolean;
  counter: CallCounter;
}

function assertThat(ok: boolean, message: string, sc: Scenario, extra?: () => unknown): void {
  if (!ok) {
    const detail = extra === undefined ? '' : `\n${JSON.stringify(extra(), replacer, 1).slice(0, 4000)}`;
    throw new Error(`${message}\nscenario token=${sc.token} source=${sc.sourceKind} cond=${JSON.stringify(sc.cond)} cancel=${sc.cancelSource}${detail}`);
  }
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (v instanceof Error) return `${v.name}(${(v as { code?: unknown }).code ?? ''}: ${v.message})`;
  if (v === Infinity) return 'Infinity';
  return v;
}

const maxDrainTurns = 400;

/** What a throwing final handler throws. */
export class HandlerBoom extends Error {
  constructor() {
    super('the final handler throws');
  }
}

export async function runScenario(sc: Scenario, figures: WriteFigures): Promise<void> {
  figures.runs++;
  const log: StreamEvent[] = [];
  const ioc = new IoContext();
  const ex = new CountingExecutor(sc.executor === 'ioc' ? ioc.getExecutor() : systemExecutor);
  const stream = new FaultStream(ex, sc.plans, log);
  const source = makeSource(sc.sourceKind, sc.parts, sc.preConsumed);
  const condition = makeCondition(sc.cond);
  const condArgs: unknown[] = condition === undefined ? [] : [condition];
  const signal = new CancellationSignal();
  const controller = new AbortController();
  const coroutine = sc.token.startsWith('coSpawn') ? 'coSpawn' : sc.token.startsWith('spawn') ? 'spawn' : 'none';
  const framePartial = coroutine !== 'none' && sc.cancelSource === 'signal' && sc.framePartial;
  if (sc.preAborted && sc.cancelSource === 'abort') controller.abort();

  const ioc2 = new IoContext();
  const ex2 = new CountingExecutor(ioc2.getExecutor());
  const handlerEx: Executor | null = sc.handlerExecutor === 'strand' ? makeStrand(ex) : sc.handlerExecutor === 'other' ? ex2 : null;
  let wrongExecutor = 0;
  const checkExecutor = (): void => {
    if (handlerEx !== null && !handlerEx.runningInThisThread()) wrongExecutor++;
  };

  const bind = (token: unknown): unknown => {
    const placed = handlerEx === null ? token : bindExecutor(handlerEx, token);
    if (sc.cancelSource === 'signal') return bindCancellationSlot(signal.slot(), placed);
    if (sc.cancelSource === 'abort') return bindAbortSignal(controller.signal, placed, sc.abortType);
    return placed;
  };

  const out: Outcome = {
    calls: 0,
    insideInitiation: 0,
    settled: false,
    err: undefined,
    n: undefined,
    innerErr: undefined,
    innerN: undefined,
    bodyResult: false,
    counter: { calls: 0, insideInitiation: 0 },
  };
  let initiating = false;
  const isInitiating = (): boolean => initiating;
  const onResult = (err: unknown, n: unknown): void => {
    // Promise tokens resolve in a microtask, off any executor; their handler is checked in `counted`.
    if (sc.token !== 'useFuture' && sc.token !== 'deferredAwait') checkExecutor();
    out.calls++;
    if (initiating) out.insideInitiation++;
    out.settled = true;
    out.err = err;
    out.n = n as number | undefined;
    if (sc.handlerThrows) throw new HandlerBoom();
  };
  // With a throwing handler, the exception leaves whatever ran the handler (ioc.poll*); count it.
  let thrown = 0;
  const guarded = async (fn: () => unknown): Promise<void> => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof HandlerBoom)) throw e;
      thrown++;
    }
    await turn();
  };
  const onInner = (r: { err: unknown; n: number | undefined }): void => {
    out.bodyResult = true;
    out.innerErr = r.err;
    out.innerN = r.n;
  };

  // Launch.
  switch (sc.token) {
    case 'callback':
      initiating = true;
      aw(stream, source.buffers, ...condArgs, bind(onResult));
      initiating = false;
      break;
    case 'deferred': {
      const op = aw(stream, source.buffers, ...(condition === undefined ? [] : [condition, deferred])) as (t: unknown) => void;
      assertThat(stream.calls === 0, 'a deferred asyncWrite touched the stream before it was launched', sc);
      initiating = true;
      op(bind(onResult));
      initiating = false;
      break;
    }
    case 'deferredAwait': {
      const op = aw(stream, source.buffers, ...condArgs, bind(deferred)) as PromiseLike<number>;
      assertThat(stream.calls === 0, 'a deferred asyncWrite touched the stream before it was awaited', sc);
      initiating = true;
      op.then(
        (n) => onResult(null, n),
        (e: unknown) => onResult(e, undefined),
      );
      initiating = false;
      break;
    }
    case 'useFuture': {
      initiating = true;
      const p = aw(stream, source.buffers, ...condArgs, counted(bind(useFuture), out.counter, isInitiating, checkExecutor)) as Promise<number>;
      initiating = false;
      p.then(
        (n) => onResult(null, n),
        (e: unknown) => onResult(e, undefined),
      );
      break;
    }
    case 'coSpawn':
    case 'coSpawnTuple': {
      const tuple = sc.token === 'coSpawnTuple';
      initiating = true;
      coSpawn(
        ex,
        async (ctx) => {
          log.push({ t: 'bodyStart' });
          if (framePartial) {
            ctx.resetCancellationState(enablePartialCancellation);
            log.push({ t: 'frameReset', mask: 3 });
          }
          // The write starts when `await` calls the Awaitable's then(), one microtask after the
          // await: logged there, so a cancellation delivered in between counts as before it.
          const launched = <V>(awaitable: PromiseLike<V>): PromiseLike<V> => ({
            then: (onValue, onError) => {
              log.push({ t: 'launch' });
              return awaitable.then(onValue, onError);
            },
          });
          try {
            if (tuple) {
              const [e, n] = (await launched(
                aw(stream, source.buffers, ...condArgs, counted(asTuple(useAwaitable), out.counter, isInitiating)) as PromiseLike<[unknown, number]>,
              )) as [unknown, number];
              onInner({ err: e, n });
            } else {
              const n = await launched(aw(stream, source.buffers, ...condArgs, counted(useAwaitable, out.counter, isInitiating)) as PromiseLike<number>);
              onInner({ err: null, n });
            }
          } catch (e) {
            onInner({ err: e, n: undefined });
          }
          return 'body done';
        },
        bind(onResult) as (err: Error | null, v: string) => void,
      );
      initiating = false;
      break;
    }
    case 'spawn':
    case 'spawnWithError': {
      const withError = sc.token === 'spawnWithError';
      initiating = true;
      spawn(
        ex,
        function* (y) {
          log.push({ t: 'bodyStart' });
          if (framePartial) {
            y.resetCancellationState(enablePartialCancellation);
            log.push({ t: 'frameReset', mask: 3 });
          }
          log.push({ t: 'launch' });
          try {
            if (withError) {
              const ref: ErrorRef = { error: null };
              const n = (yield* aw(stream, source.buffers, ...condArgs, counted(y.withError(ref), out.counter, isInitiating)) as Generator<
                never,
                number
              >) as number;
              onInner({ err: ref.error, n });
            } else {
              const n = (yield* aw(stream, source.buffers, ...condArgs, counted(y, out.counter, isInitiating)) as Generator<never, number>) as number;
              onInner({ err: null, n });
            }
          } catch (e) {
            onInner({ err: e, n: undefined });
          }
          return 'body done';
        },
        bind(onResult) as (err: Error | null, v: string) => void,
      );
      initiating = false;
      break;
    }
  }
  figures.writeOps++;
  if (sc.preAborted && sc.cancelSource === 'abort') {
    // The AbortSignalSlot delivers an earlier abort in the first microtask after the slot handler
    // is installed; nothing else can run before the next turn, so this is where it lands.
    log.push({ t: 'emit', type: sc.abortType });
    figures.cancellationsEmitted++;
  }
  await turn();

  const cancel = (type: number): void => {
    if (sc.cancelSource === 'signal') {
      log.push({ t: 'emit', type });
      figures.cancellationsEmitted++;
      signal.emit(type);
    } else if (sc.cancelSource === 'abort' && !controller.signal.aborted) {
      log.push({ t: 'emit', type: sc.abortType });
      figures.cancellationsEmitted++;
      controller.abort();
    }
  };
  const pollOne = (): void => {
    if (sc.executor === 'ioc') {
      if (ioc.stopped()) ioc.restart();
      ioc.pollOne();
    }
    if (ioc2.stopped()) ioc2.restart();
    ioc2.pollOne();
  };

  for (const action of sc.actions) {
    switch (action.a) {
      case 'poll':
        await guarded(pollOne);
        break;
      case 'complete':
        await guarded(() => stream.completePending());
        break;
      case 'flush':
        await turn();
        break;
      case 'cancel':
        await guarded(() => cancel(action.type));
        break;
    }
  }

  // Drain: complete whatever is pending and run everything queued, until the handler ran.
  for (let k = 0; k < maxDrainTurns; k++) {
    const idle = out.settled && !stream.hasPending() && ex.outstanding === 0 && ex2.outstanding === 0;
    if (idle) break;
    await guarded(() => {
      stream.completePending();
      if (sc.executor === 'ioc') {
        if (ioc.stopped()) ioc.restart();
        ioc.poll();
      }
      ioc2.restart();
      ioc2.poll();
    });
  }
  if (sc.handlerThrows) assertThat(thrown === 1, `the throwing handler's exception surfaced ${thrown} times`, sc);

  figures.chunks += stream.calls;
  figures.faultsInjected += stream.faults;
  figures.inlineCompletions += stream.inlineCompletions;
  figures.cancellationsReachingStream += stream.cancellationsSeen;

  // ----- The model.
  const model: ModelResult = replay({
    log,
    layout: source.layout,
    bytes: source.bytes,
    cond: sc.cond,
    frameMask: coroutine === 'none' ? null : 1,
    coroutine,
  });
  if (model.abortedBetweenChunks) figures.abortedBetweenChunks++;
  if (model.refusedByCoroutine) figures.refusedByCoroutine++;
  const dump = (): unknown => ({ sc, log, model, out: { ...out } });

  assertThat(model.violations.length === 0, `write_op broke Asio's rule: ${model.violations.join('; ')}`, sc, dump);
  const seen = log.filter((e): e is Extract<StreamEvent, { t: 'cancelSeen' }> => e.t === 'cancelSeen').map((e) => e.i);
  assertThat(
    JSON.stringify(seen) === JSON.stringify(model.expectedCancelSeen),
    `cancellation reached the stream's pending chunks ${JSON.stringify(seen)}, expected ${JSON.stringify(model.expectedCancelSeen)}`,
    sc,
    dump,
  );

  // ----- Exactly once, never inside the initiating call.
  assertThat(out.calls === 1, `the handler ran ${out.calls} times`, sc, dump);
  assertThat(out.insideInitiation === 0, 'the handler ran inside the initiating call', sc, dump);
  assertThat(wrongExecutor === 0, `the handler did not run on its associated executor (${sc.handlerExecutor})`, sc, dump);
  if (sc.token !== 'callback' && sc.token !== 'deferred' && sc.token !== 'deferredAwait' && !model.refusedByCoroutine) {
    assertThat(out.counter.calls === 1, `the write's handler ran ${out.counter.calls} times`, sc, dump);
    assertThat(out.counter.insideInitiation === 0, "the write's handler ran inside its initiating call", sc, dump);
  }

  // ----- The result.
  if (model.refusedByCoroutine) {
    assertThat(stream.calls === 0, 'a cancelled coroutine still started the write', sc, dump);
    const e = coroutine === 'coSpawn' && !out.bodyResult ? out.err : out.innerErr;
    const why = errorMismatch(e, { kind: 'aborted' });
    assertThat(why === null, `a write refused by a cancelled coroutine: ${why}`, sc, dump);
  } else {
    assertThat(model.finished, 'the write never completed', sc, dump);
    figures.bytesWritten += model.bytes;
    let gotErr: unknown;
    let gotN: number | undefined;
    switch (sc.token) {
      case 'callback':
      case 'deferred':
        gotErr = out.err;
        gotN = out.n;
        break;
      case 'deferredAwait':
      case 'useFuture':
        gotErr = out.err;
        gotN = out.err === null ? out.n : undefined;
        break;
      default:
        assertThat(out.err === null && out.bodyResult, 'the coroutine did not finish its body', sc, dump);
        gotErr = out.innerErr;
        gotN = out.innerN;
        break;
    }
    const why = errorMismatch(gotErr ?? null, model.err);
    assertThat(why === null, `wrong error: ${why}`, sc, dump);
    if (gotN !== undefined) assertThat(gotN === model.bytes, `reported ${gotN} bytes, the stream accepted ${model.bytes}`, sc, dump);
    else assertThat(model.err !== null, 'a successful write reported no byte count', sc, dump);
  }

  // ----- No byte lost: the stream got the source's prefix; a dynamic buffer holds the rest.
  const accepted = stream.accepted();
  assertThat(accepted.length === model.bytes, `the stream accepted ${accepted.length} bytes, the op accounted ${model.bytes}`, sc, dump);
  assertThat(equalBytes(accepted, source.bytes.subarray(0, accepted.length)), 'the bytes received are not the source prefix', sc, dump);
  const rest = source.rest();
  if (rest !== null) {
    assertThat(equalBytes(rest, source.bytes.subarray(model.bytes)), `the dynamic buffer does not hold exactly the unwritten rest (${rest.length} bytes, expected ${source.bytes.length - model.bytes})`, sc, dump);
  }

  // ----- Conditions, to the byte.
  if (sc.cond.kind === 'exactly') {
    assertThat(model.bytes <= sc.cond.k, `transferExactly(${sc.cond.k}) wrote ${model.bytes} bytes`, sc, dump);
  }
  if (sc.cond.kind === 'atLeast') {
    let sum = 0;
    for (const e of log) {
      // The first write is always issued (an empty one when the condition is met at once).
      if (e.t === 'call') assertThat(e.i === 0 || sum < sc.cond.k, `transferAtLeast(${sc.cond.k}) issued a write after ${sum} bytes`, sc, dump);
      if (e.t === 'done') sum += e.n;
    }
  }

  // ----- Nothing left behind.
  const leaks: string[] = [];
  if (signal.slot().hasHandler()) leaks.push('a cancellation slot handler');
  const listeners = getEventListeners(controller.signal, 'abort').length;
  if (listeners !== 0) leaks.push(`${listeners} AbortSignal listener(s)`);
  if (ex.outstanding !== 0) leaks.push(`${ex.outstanding} unit(s) of outstanding work`);
  if (ex2.outstanding !== 0) leaks.push(`${ex2.outstanding} unit(s) of outstanding work on the handler's context`);
  if (ex2.underflows !== 0) leaks.push(`${ex2.underflows} work release(s) without work on the handler's context`);
  if (ex.underflows !== 0) leaks.push(`${ex.underflows} work release(s) without work`);
  if (stream.hasPending()) leaks.push('a pending chunk');
  if (leaks.length > 0) figures.leaksFound++;
  assertThat(leaks.length === 0, `left behind: ${leaks.join(', ')}`, sc, dump);
  if (sc.executor === 'ioc') {
    ioc.restart();
    const ran = await ioc.run();
    assertThat(ran === 0, `ioc.run() found ${ran} handler(s) still queued`, sc, dump);
  }
  ioc2.restart();
  const ran2 = await ioc2.run();
  assertThat(ran2 === 0, `the handler's context still had ${ran2} handler(s) queued`, sc, dump);
}
