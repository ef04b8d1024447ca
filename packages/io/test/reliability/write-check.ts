/**
 * Checking one finished `asyncWrite` scenario against the reference model (write-model.ts):
 * Asio's rules for the chunks, exactly one handler call off the initiating call and on its
 * executor, the result, no byte lost, the conditions to the byte, and nothing left behind.
 */
import { getEventListeners } from 'node:events';
import { sameBytes } from '../helpers/bytes.js';
import type { StreamEvent } from './fault-stream.js';
import { errorMismatch, replay, type ModelResult } from './write-model.js';
import { assertThat, type Run } from './write-run.js';

export async function checkWrite(run: Run): Promise<void> {
  const { sc, figures, log, ioc, ex, stream, source, signal, controller, coroutine, ioc2, ex2, state, out } = run;
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
  assertThat(state.wrongExecutor === 0, `the handler did not run on its associated executor (${sc.handlerExecutor})`, sc, dump);
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
  assertThat(sameBytes(accepted, source.bytes.subarray(0, accepted.length)), 'the bytes received are not the source prefix', sc, dump);
  const rest = source.rest();
  if (rest !== null) {
    assertThat(sameBytes(rest, source.bytes.subarray(model.bytes)), `the dynamic buffer does not hold exactly the unwritten rest (${rest.length} bytes, expected ${source.bytes.length - model.bytes})`, sc, dump);
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
