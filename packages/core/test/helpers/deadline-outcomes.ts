// Shared by the cancelAfter and cancelAt tests: what each wait ended with, a recording handler,
// Asio's incrementer_token (v2) as a recording token object, and runs on a fake clock.
import { asyncResult, errorIs, errors, tokenKind, type Handler, type Initiation, type IoContext, type Signature, type SystemError } from '@asio-ts/core';
import type { FakeTimerHost } from './fake-timer-host';
import { flush } from './ops';

export type Outcome = 'ok' | 'aborted' | 'other';

export const outcome = (err: SystemError | null): Outcome => (err === null ? 'ok' : errorIs(err, errors.operationAborted) ? 'aborted' : 'other');

/** A handler recording each outcome. */
export function recorder() {
  const outcomes: Outcome[] = [];
  return { outcomes, handler: (err: SystemError | null): void => void outcomes.push(outcome(err)) };
}

/** Advance jest's fake clock, then let posted handlers run. */
export async function advance(ms: number): Promise<void> {
  jest.advanceTimersByTime(ms);
  await flush(2);
}

/** Asio's incrementer_token (v2): a token object whose handler records each outcome. */
export function recordingToken(outcomes: Outcome[]) {
  return {
    [tokenKind]: 'recording' as const,
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): void {
      initiation(((err: SystemError | null) => outcomes.push(outcome(err))) as unknown as Handler<S>, ...args);
    },
  };
}

/** `ioc.restart()` and `ioc.run()` with the fake clock moved on by `ms`; resolves with the count. */
export async function runAdvancing(host: FakeTimerHost, ioc: IoContext, ms: number): Promise<number> {
  ioc.restart();
  const p = ioc.run();
  await flush();
  host.advance(ms);
  return p;
}
