/**
 * Starting one write with a recording handler, for the stream adapter tests: the outcome, how
 * many times the handler ran, and whether it ran inside the initiating call (it must not), or
 * inside the `CancellationSignal.emit` that cancelled it (it must not either).
 */
import { bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, type IoContext, type SystemError } from '@asio-ts/core';

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

export interface CancelledInFlight {
  /** Handler calls counted right after `emit()` returned (must be 0: cancelled handlers are queued). */
  readonly callsAfterEmit: number;
  /** True if the handler ran inside `emit()`. */
  readonly ranInsideEmit: boolean;
  /** The outcome the handler had once it ran. */
  readonly outcome: Outcome;
  /** Handler calls once everything settled (must be 1). */
  readonly calls: number;
  /** True if the signal's slot still had a handler after the operation completed. */
  readonly slotInUse: boolean;
}

/**
 * Start an operation whose handler is bound to a fresh CancellationSignal's slot, wait for
 * `ready`, then `emit(type)`: from outside any executor, or with `ioc`, from inside one of its
 * handlers (where a dispatch would run inline). Resolves once the handler ran and one more
 * macrotask passed.
 */
export async function cancelInFlight(
  initiate: (handler: ProbeHandler) => void,
  options: { type?: CancellationType; ready?: () => Promise<unknown>; ioc?: IoContext | undefined } = {},
): Promise<CancelledInFlight> {
  const signal = new CancellationSignal();
  let emitting = false;
  let ranInsideEmit = false;
  const w = startWrite((h) =>
    initiate(
      bindCancellationSlot(signal.slot(), (err: SystemError | null, n: number) => {
        if (emitting) ranInsideEmit = true;
        h(err, n);
      }),
    ),
  );
  if (options.ready !== undefined) await options.ready();
  let callsAfterEmit = -1;
  const emit = (): void => {
    emitting = true;
    try {
      signal.emit(options.type ?? CancellationType.Terminal);
    } finally {
      emitting = false;
    }
    callsAfterEmit = w.calls();
  };
  const ioc = options.ioc;
  if (ioc === undefined) {
    emit();
  } else {
    ioc.getExecutor().post(emit);
    await ioc.run();
  }
  const outcome = await w.done;
  await new Promise((r) => setTimeout(r, 1));
  return { callsAfterEmit, ranInsideEmit, outcome, calls: w.calls(), slotInUse: signal.slot().hasHandler() };
}

/**
 * What every cancelled operation must show: the handler was queued (not run inside `emit()`),
 * ran exactly once with operationAborted (and `bytes` bytes, when given), and the slot is free.
 */
export function expectQueuedAbort(r: CancelledInFlight, bytes?: number): void {
  expect(r.callsAfterEmit).toBe(0);
  expect(r.ranInsideEmit).toBe(false);
  expect(errorIs(r.outcome[0], errors.operationAborted)).toBe(true);
  if (bytes !== undefined) expect(r.outcome[1]).toBe(bytes);
  expect(r.calls).toBe(1);
  expect(r.slotInUse).toBe(false);
}
