/**
 * Driving one launched `asyncWrite` scenario: the generated actions (poll, complete a chunk,
 * flush, cancel), then draining until the handler ran and nothing is pending.
 */
import { turn } from '../../../core/test/reliability/fc-config.js';
import { assertThat, type Run } from './write-run.js';

const maxDrainTurns = 400;

export async function driveWrite(run: Run): Promise<void> {
  const { sc, figures, log, ioc, ex, stream, signal, controller, ioc2, ex2, state, out, guarded } = run;
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
  if (sc.handlerThrows) assertThat(state.thrown === 1, `the throwing handler's exception surfaced ${state.thrown} times`, sc);
}
