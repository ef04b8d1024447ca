/**
 * Starting one write with a recording handler, for the stream adapter tests: the outcome, how
 * many times the handler ran, and whether it ran inside the initiating call (it must not).
 */
import type { IoContext, SystemError } from '@asio-ts/core';

export type Outcome = [err: SystemError | null, n: number];
export type ProbeHandler = (err: SystemError | null, n: number) => void;

export interface Started {
  /** Resolves with the first outcome. */
  readonly done: Promise<Outcome>;
  /** The last outcome, or null before the handler ran. */
  outcome(): Outcome | null;
  calls(): number;
  /** True if the handler ran inside `initiate`. */
  ranInside(): boolean;
}

/** Call `initiate` with a recording handler. */
export function startWrite(initiate: (handler: ProbeHandler) => void): Started {
  let calls = 0;
  let initiating = true;
  let inside = false;
  let last: Outcome | null = null;
  let resolve!: (o: Outcome) => void;
  const done = new Promise<Outcome>((r) => (resolve = r));
  try {
    initiate((err, n) => {
      calls++;
      if (initiating) inside = true;
      last = [err, n];
      resolve(last);
    });
  } finally {
    initiating = false;
  }
  return { done, outcome: () => last, calls: () => calls, ranInside: () => inside };
}

/**
 * Start a write on a stream whose I/O executor is `ioc`'s, then `await ioc.run()`: resolves with
 * the outcome the handler had by the time `run()` returned (null if none: `run()` did not wait
 * for the write) and whether the handler ran inside the context.
 */
export async function writeUnderRun(
  ioc: IoContext,
  initiate: (handler: ProbeHandler) => void,
): Promise<{ outcome: Outcome | null; inContext: boolean; handlersRun: number }> {
  let inContext = false;
  const w = startWrite((h) =>
    initiate((err, n) => {
      inContext = ioc.getExecutor().runningInThisThread();
      h(err, n);
    }),
  );
  const handlersRun = await ioc.run();
  return { outcome: w.outcome(), inContext, handlersRun };
}
