/**
 * Setting up one generated `asyncWrite` scenario: the fault stream, the source, the cancellation
 * source, the handler's executor, and the handlers that record the outcome.
 */
import {
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  makeStrand,
  CancellationSignal,
  IoContext,
  systemExecutor,
  type Executor,
} from '@asio-ts/core';
import { CountingExecutor } from '../../../core/test/reliability/counting-executor.js';
import { turn } from '../../../core/test/reliability/fc-config.js';
import { FaultStream, type StreamEvent } from './fault-stream.js';
import { makeCondition, makeSource } from './generated-sources.js';
import { HandlerBoom, type Outcome, type Run, type RunState } from './write-run.js';
import type { WriteFigures } from './write-figures.js';
import type { Scenario } from './write-scenario.js';

export function setupRun(sc: Scenario, figures: WriteFigures): Run {
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
  const state: RunState = { initiating: false, wrongExecutor: 0, thrown: 0 };
  const checkExecutor = (): void => {
    if (handlerEx !== null && !handlerEx.runningInThisThread()) state.wrongExecutor++;
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
  const isInitiating = (): boolean => state.initiating;
  const onResult = (err: unknown, n: unknown): void => {
    // Promise tokens resolve in a microtask, off any executor; their handler is checked in `counted`.
    if (sc.token !== 'useFuture' && sc.token !== 'deferredAwait') checkExecutor();
    out.calls++;
    if (state.initiating) out.insideInitiation++;
    out.settled = true;
    out.err = err;
    out.n = n as number | undefined;
    if (sc.handlerThrows) throw new HandlerBoom();
  };
  // With a throwing handler, the exception leaves whatever ran the handler (ioc.poll*); count it.
  const guarded = async (fn: () => unknown): Promise<void> => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof HandlerBoom)) throw e;
      state.thrown++;
    }
    await turn();
  };
  const onInner = (r: { err: unknown; n: number | undefined }): void => {
    out.bodyResult = true;
    out.innerErr = r.err;
    out.innerN = r.n;
  };

  return {
    sc, figures, log, ioc, ex, stream, source, condition, condArgs, signal, controller, coroutine, framePartial,
    ioc2, ex2, state, out, bind, isInitiating, checkExecutor, onResult, guarded, onInner,
  };
}
