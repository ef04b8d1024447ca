/**
 * Drives one generated read scenario (read-scenario.ts) over a FaultReadStream and checks every
 * completion rule against the reference model (read-model.ts): the handler runs once and never
 * inside the initiating call; the bytes reported are the bytes the stream delivered, all of them
 * committed and equal to the source's prefix; a dynamic buffer never passes its maxSize; nothing
 * (slot handler, AbortSignal listener, work, pending read) is left behind.
 */
import { getEventListeners } from 'node:events';
import { bindAbortSignal, bindCancellationSlot, CancellationSignal, IoContext } from '@asio-ts/core';
import { asyncRead, asyncReadUntil } from '@asio-ts/io';
import { CountingExecutor } from '../../../core/test/reliability/counting-executor.js';
import { turn } from '../../../core/test/reliability/fc-config.js';
import { concat, sameBytes } from '../helpers/bytes.js';
import type { CallCounter } from './counted-token.js';
import { FaultReadStream, type ReadEvent } from './read-fault-stream.js';
import { errorMismatch, readErrorMismatch, replayRead, type ReadOpSpec } from './read-model.js';
import { buildMatch, buildTarget, type ReadScenario } from './read-scenario.js';
import { startRead, type StartState } from './read-token-start.js';
import { makeCondition } from './generated-sources.js';

const ar = asyncRead as unknown as (...args: unknown[]) => unknown;
const aru = asyncReadUntil as unknown as (...args: unknown[]) => unknown;

/** What the read properties did, counted for the report (`reportFigures`). */
export interface ReadFigures {
  [key: string]: number;
  runs: number;
  reads: number;
  faultsInjected: number;
  inlineCompletions: number;
  cancellationsEmitted: number;
  cancellationsReachingStream: number;
  abortedBetweenReads: number;
  bytesRead: number;
  matches: number;
  notFound: number;
  leaksFound: number;
}

export function newReadFigures(): ReadFigures {
  return {
    runs: 0,
    reads: 0,
    faultsInjected: 0,
    inlineCompletions: 0,
    cancellationsEmitted: 0,
    cancellationsReachingStream: 0,
    abortedBetweenReads: 0,
    bytesRead: 0,
    matches: 0,
    notFound: 0,
    leaksFound: 0,
  };
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (v instanceof Error) return `${v.name}(${(v as { code?: unknown }).code ?? ''}: ${v.message})`;
  if (v === Infinity) return 'Infinity';
  return v;
}

function assertThat(ok: boolean, message: string, sc: ReadScenario, extra?: () => unknown): void {
  if (!ok) {
    const detail = extra === undefined ? '' : `\n${JSON.stringify(extra(), replacer, 1).slice(0, 4000)}`;
    throw new Error(`${message}\nscenario op=${sc.op} target=${sc.fixed ?? sc.dynamic} token=${sc.token} cancel=${sc.cancelSource}${detail}`);
  }
}

const maxDrainTurns = 400;

export async function runReadScenario(sc: ReadScenario, figures: ReadFigures): Promise<void> {
  figures.runs++;
  const log: ReadEvent[] = [];
  const ioc = new IoContext();
  const ex = new CountingExecutor(ioc.getExecutor());
  const stream = new FaultReadStream(ex, sc.source, sc.plans, log);
  const target = buildTarget(sc);
  const signal = new CancellationSignal();
  const controller = new AbortController();

  let args: unknown[];
  let spec: ReadOpSpec;
  let start: (...a: unknown[]) => unknown;
  if (sc.op === 'read') {
    const condition = makeCondition(sc.cond);
    args = condition === undefined ? [stream, target.buffers] : [stream, target.buffers, condition];
    start = ar;
    spec =
      sc.fixed !== null
        ? { op: 'read', dynamic: false, layout: sc.layout, cond: sc.cond }
        : { op: 'read', dynamic: true, pre: sc.pre, maxSize: sc.maxSize ?? Number.MAX_SAFE_INTEGER, cond: sc.cond };
  } else {
    const { match, search } = buildMatch(sc.matchKind, sc.delim);
    args = [stream, target.buffers, match];
    start = aru;
    spec = { op: 'until', pre: sc.pre, maxSize: sc.maxSize ?? Number.MAX_SAFE_INTEGER, search };
  }
  // The deferred form of asyncRead with a condition needs the 4-argument call.
  const deferredArgs = sc.op === 'read' && args.length === 3 ? [...args, undefined] : args;

  const bind = (token: unknown): unknown => {
    if (sc.cancelSource === 'signal') return bindCancellationSlot(signal.slot(), token);
    if (sc.cancelSource === 'abort') return bindAbortSignal(controller.signal, token, sc.abortType);
    return token;
  };

  let calls = 0;
  let inside = 0;
  let settled = false;
  let gotErr: unknown;
  let gotN: number | undefined;
  const state: StartState = { initiating: false, initiated: false };
  const counter: CallCounter = { calls: 0, insideInitiation: 0 };
  // A coroutine token: its own completion handler must have run too.
  const coroutine = sc.token === 'coSpawn' || sc.token === 'spawn';
  let coroutineDone = !coroutine;
  startRead(
    {
      token: sc.token,
      start,
      args,
      deferredArgs,
      executor: ex,
      bind,
      counter,
      touched: () => stream.calls !== 0,
      onResult: (err, n) => {
        calls++;
        if (state.initiating) inside++;
        settled = true;
        gotErr = err;
        gotN = n;
      },
      onCoroutineDone: (e) => {
        assertThat(e === null, `the coroutine failed: ${String(e)}`, sc);
        coroutineDone = true;
      },
    },
    state,
  );
  figures.reads++;
  // A coroutine initiates the read on the context: every action comes after the initiation, as
  // with the other tokens.
  for (let k = 0; !state.initiated && k < maxDrainTurns; k++) {
    if (ioc.stopped()) ioc.restart();
    ioc.pollOne();
    await turn();
  }
  await turn();

  const cancel = (type: number): void => {
    if (sc.cancelSource === 'signal') {
      // A coroutine's frame forwards no emit of CancellationType.None (0) to the read it awaits.
      if (type !== 0 || !coroutine) log.push({ t: 'emit', type });
      figures.cancellationsEmitted++;
      signal.emit(type);
    } else if (sc.cancelSource === 'abort' && !controller.signal.aborted) {
      log.push({ t: 'emit', type: sc.abortType });
      figures.cancellationsEmitted++;
      controller.abort();
    }
  };
  const pollOne = (): void => {
    if (ioc.stopped()) ioc.restart();
    ioc.pollOne();
  };
  for (const action of sc.actions) {
    switch (action.a) {
      case 'poll':
        pollOne();
        break;
      case 'complete':
        stream.completePending();
        break;
      case 'flush':
        await turn();
        break;
      case 'cancel':
        cancel(action.type);
        break;
    }
    await turn();
  }
  for (let k = 0; k < maxDrainTurns; k++) {
    if (settled && coroutineDone && !stream.hasPending() && ex.outstanding === 0) break;
    stream.completePending();
    if (ioc.stopped()) ioc.restart();
    ioc.poll();
    await turn();
  }

  figures.faultsInjected += stream.faults;
  figures.inlineCompletions += stream.inlineCompletions;
  figures.cancellationsReachingStream += stream.cancellationsSeen;

  const model = replayRead({ log, spec, source: sc.source });
  const dump = (): unknown => ({ sc, log, model, got: { calls, gotErr, gotN, counter } });
  if (model.abortedBetweenReads) figures.abortedBetweenReads++;
  assertThat(model.violations.length === 0, `the read broke Asio's rule: ${model.violations.join('; ')}`, sc, dump);
  const seen = log.filter((e): e is Extract<ReadEvent, { t: 'cancelSeen' }> => e.t === 'cancelSeen').map((e) => e.i);
  assertThat(JSON.stringify(seen) === JSON.stringify(model.expectedCancelSeen), `cancellation reached reads ${JSON.stringify(seen)}, expected ${JSON.stringify(model.expectedCancelSeen)}`, sc, dump);

  // ----- Exactly once, never inside the initiating call.
  assertThat(model.finished, 'the model says the read never completed', sc, dump);
  assertThat(calls === 1, `the handler ran ${calls} times`, sc, dump);
  assertThat(inside === 0, 'the handler ran inside the initiating call', sc, dump);
  if (sc.token !== 'callback' && sc.token !== 'deferred') {
    assertThat(counter.calls === 1, `the operation's handler ran ${counter.calls} times`, sc, dump);
    assertThat(counter.insideInitiation === 0, "the operation's handler ran inside its initiating call", sc, dump);
  }

  // ----- The result.
  const why = readErrorMismatch(gotErr ?? null, model.err, errorMismatch);
  assertThat(why === null, `wrong error: ${why}`, sc, dump);
  if (gotN !== undefined) assertThat(gotN === model.n, `reported ${gotN} bytes, the model says ${model.n}`, sc, dump);
  else assertThat(model.err !== null, 'a successful read reported no byte count', sc, dump);
  if (sc.op === 'until') {
    if (model.err === null) figures.matches++;
    else if (model.err.kind === 'code' && model.err.code === 'ENOTFOUND') figures.notFound++;
  }

  // ----- Every byte the stream delivered is committed, in order: the source's prefix.
  assertThat(stream.position === model.delivered, `the stream delivered ${stream.position} bytes, the op accounted ${model.delivered}`, sc, dump);
  figures.bytesRead += model.delivered;
  const prefix = sc.source.subarray(0, model.delivered);
  if (sc.fixed !== null) {
    assertThat(sameBytes(target.contents(model.delivered), prefix), 'the buffers do not hold the source prefix', sc, dump);
  } else {
    const held = target.contents(0);
    assertThat(sameBytes(held, concat([sc.pre, prefix])), `the dynamic buffer holds ${held.length} bytes, not what it had plus the ${model.delivered} read`, sc, dump);
    if (sc.maxSize !== null) assertThat(held.length <= sc.maxSize, `the dynamic buffer passed its maxSize (${held.length} > ${sc.maxSize})`, sc, dump);
    if (sc.op === 'until' && model.err === null) {
      const found = spec.op === 'until' ? spec.search(held.subarray(0, model.n)) : -1;
      assertThat(found === model.n, 'the bytes reported do not end with the first match', sc, dump);
    }
  }

  // ----- Nothing left behind.
  const leaks: string[] = [];
  if (signal.slot().hasHandler()) leaks.push('a cancellation slot handler');
  const listeners = getEventListeners(controller.signal, 'abort').length;
  if (listeners !== 0) leaks.push(`${listeners} AbortSignal listener(s)`);
  if (ex.outstanding !== 0) leaks.push(`${ex.outstanding} unit(s) of outstanding work`);
  if (ex.underflows !== 0) leaks.push(`${ex.underflows} work release(s) without work`);
  if (stream.hasPending()) leaks.push('a pending read');
  if (leaks.length > 0) figures.leaksFound++;
  assertThat(leaks.length === 0, `left behind: ${leaks.join(', ')}`, sc, dump);
  ioc.restart();
  const ran = await ioc.run();
  assertThat(ran === 0, `ioc.run() found ${ran} handler(s) still queued`, sc, dump);
}
