// Shared by the steady-timer*.test.ts files: outcome checks, loop turns and Asio's lazy_handler
// archetype for timers.
import {
  asyncResult,
  errorIs,
  errors,
  SystemError,
  tokenKind,
  type Handler,
  type Initiation,
  type IoContext,
  type Signature,
  type TokenObject,
} from '@asio-ts/core';

export type Outcome = 'ok' | 'aborted';

export function outcome(err: SystemError | null): Outcome {
  if (err === null) return 'ok';
  expect(err).toBeInstanceOf(SystemError);
  expect(errorIs(err, errors.operationAborted)).toBe(true);
  return 'aborted';
}

/** Let the system executor drain (it posts on setImmediate). */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function drain(ioc: IoContext): number {
  ioc.restart();
  return ioc.poll();
}

declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S, T> {
    timerLazy: 42;
  }
}

/** Asio's archetypes::lazy_handler: the initiating function returns 42. */
export class TimerLazyHandler implements TokenObject<'timerLazy'> {
  readonly [tokenKind] = 'timerLazy' as const;
  completions = 0;
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
    initiation(
      (() => {
        this.completions++;
      }) as Handler<S>,
      ...args,
    );
    return 42;
  }
}
