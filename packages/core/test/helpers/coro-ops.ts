// Tiny initiating functions for the coroutine-token tests (useAwaitable, coSpawn, spawn,
// coComposed, parallel groups), built the way a user writes one: `asyncInitiate` plus
// `HandlerWork`. They record what they saw of their handler's associations, so a test can check
// what a coroutine passed down (its executor, its cancellation slot).
//
// Unless the name says otherwise, an operation here holds work on its I/O executor and on the
// handler's executor, never runs the handler inside the initiating call, and delivers through the
// handler's associated executor.

import {
  withAssociationsOf,
  associatedCancellationSlot,
  associatedExecutor,
  asyncInitiate,
  CancellationType,
  deferred,
  errors,
  getAssociatedCancellationSlot,
  HandlerWork,
  makeError,
  toExecutor,
  type Associations,
  type AsyncResult,
  type CancellationHandler,
  type CancellationSlot,
  type CompletionToken,
  type DeferredOperation,
  type ErrorCode,
  type Executor,
  type ExecutorOrContext,
  type Handler,
  type SystemError,
} from '@asio-ts/core';

/** How many times an initiation of this file ran (reset it in `beforeEach`). */
export const started = { count: 0 };

function tokenOrDeferred(token: unknown): unknown {
  return token === undefined ? deferred : token;
}

export type ValueSignature<V> = [err: SystemError | null, value: V];

/** Completes with `(null, value)` through a post to `io`. */
export function asyncValue<V>(io: ExecutorOrContext, value: V): DeferredOperation<ValueSignature<V>>;
export function asyncValue<V, T extends CompletionToken<ValueSignature<V>>>(
  io: ExecutorOrContext,
  value: V,
  token: T,
): AsyncResult<T, ValueSignature<V>>;
export function asyncValue(io: ExecutorOrContext, value: unknown, token?: unknown): unknown {
  const ex = toExecutor('io', io);
  return asyncInitiate((handler: Handler<ValueSignature<unknown>>) => {
    started.count++;
    const work = new HandlerWork(handler, ex);
    ex.post(() => work.complete(null, value));
    work.started();
  }, tokenOrDeferred(token));
}

export type CountSignature = [err: SystemError | null, n: number];

/** Completes with `(SystemError(code), partial)` through a post to `io`. */
export function asyncFail(io: ExecutorOrContext, code: ErrorCode, partial?: number): DeferredOperation<CountSignature>;
export function asyncFail<T extends CompletionToken<CountSignature>>(
  io: ExecutorOrContext,
  code: ErrorCode,
  partial: number,
  token: T,
): AsyncResult<T, CountSignature>;
export function asyncFail(io: ExecutorOrContext, code: ErrorCode, partial = 0, token?: unknown): unknown {
  const ex = toExecutor('io', io);
  return asyncInitiate((handler: Handler<CountSignature>) => {
    started.count++;
    const work = new HandlerWork(handler, ex);
    ex.post(() => work.complete(makeError(code), partial));
    work.started();
  }, tokenOrDeferred(token));
}

/** What `asyncProbe` saw of its handler. */
export interface ProbeRecord {
  /** The handler's own associated executor (undefined when it has none). */
  executor: Executor | undefined;
  slot: CancellationSlot | undefined;
  /** Whether the handler's executor was running (on this stack) when the handler was called. */
  deliveredInsideExecutor: boolean | undefined;
}

export const probes: ProbeRecord[] = [];

/** Records its handler's associations, then completes with `(null, probes index)` through `io`. */
export function asyncProbe(io: ExecutorOrContext): DeferredOperation<CountSignature>;
export function asyncProbe<T extends CompletionToken<CountSignature>>(io: ExecutorOrContext, token: T): AsyncResult<T, CountSignature>;
export function asyncProbe(io: ExecutorOrContext, token?: unknown): unknown {
  const ex = toExecutor('io', io);
  return asyncInitiate((handler: Handler<CountSignature>) => {
    started.count++;
    const a = handler as Associations;
    const record: ProbeRecord = {
      executor: a[associatedExecutor],
      slot: a[associatedCancellationSlot],
      deliveredInsideExecutor: undefined,
    };
    const index = probes.push(record) - 1;
    const recording = withAssociationsOf((err: SystemError | null, n: number) => {
      record.deliveredInsideExecutor = work.executor.runningInThisThread();
      handler(err, n);
    }, handler);
    const work = new HandlerWork(recording, ex);
    ex.post(() => work.complete(null, index));
    work.started();
  }, tokenOrDeferred(token));
}

export type WaitSignature = [err: SystemError | null];

/** Types of cancellation the waits below honour. */
const honoured = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/**
 * Start a wait that ends when `finish` is called or when cancelled through the handler's slot
 * (with operationAborted). Returns `finish`.
 */
function startWait(handler: Handler<WaitSignature>, ex: Executor, onStop: () => void = () => {}): (err: SystemError | null) => void {
  started.count++;
  const work = new HandlerWork(handler, ex);
  const slot = getAssociatedCancellationSlot(handler);
  let done = false;
  const finish = (err: SystemError | null): void => {
    if (done) return;
    done = true;
    slot.release(onCancel);
    onStop();
    work.complete(err);
  };
  const onCancel: CancellationHandler = (type) => {
    if ((type & honoured) !== 0) finish(makeError(errors.operationAborted, `cancelled (type ${type})`));
  };
  if (slot.isConnected()) slot.assign(onCancel);
  work.started();
  return finish;
}

/** A wait that ends only when cancelled (Asio's timer set to `time_point::max()`). */
export function asyncForever(io: ExecutorOrContext): DeferredOperation<WaitSignature>;
export function asyncForever<T extends CompletionToken<WaitSignature>>(io: ExecutorOrContext, token: T): AsyncResult<T, WaitSignature>;
export function asyncForever(io: ExecutorOrContext, token?: unknown): unknown {
  const ex = toExecutor('io', io);
  return asyncInitiate((handler: Handler<WaitSignature>) => {
    startWait(handler, ex);
  }, tokenOrDeferred(token));
}

/**
 * A clock the test advances by hand: `wait(ticks)` is a timer that expires when the clock has
 * been advanced by `ticks` (timers expire in deadline order, ties in start order). Stands in for
 * Asio's steady_timer without any real time passing.
 */
export class ManualClock {
  readonly #executor: Executor;
  #now = 0;
  #timers: Array<{ at: number; seq: number; finish: (err: SystemError | null) => void }> = [];
  #seq = 0;

  constructor(io: ExecutorOrContext) {
    this.#executor = toExecutor('io', io);
  }

  /** Timers started and not yet expired or cancelled. */
  get pending(): number {
    return this.#timers.length;
  }

  wait(ticks: number): DeferredOperation<WaitSignature>;
  wait<T extends CompletionToken<WaitSignature>>(ticks: number, token: T): AsyncResult<T, WaitSignature>;
  wait(ticks: number, token?: unknown): unknown {
    return asyncInitiate((handler: Handler<WaitSignature>) => {
      const timer = { at: this.#now + ticks, seq: this.#seq++, finish: (_err: SystemError | null): void => {} };
      timer.finish = startWait(handler, this.#executor, () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
      });
      this.#timers.push(timer);
    }, tokenOrDeferred(token));
  }

  /** Move time forward, expiring due timers in deadline order. */
  advance(ticks: number = Number.POSITIVE_INFINITY): void {
    this.#now += ticks;
    for (;;) {
      const due = this.#timers
        .filter((t) => t.at <= this.#now)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) return;
      due.finish(null);
    }
  }
}

/** Violates the rules on purpose: calls the handler inside the initiating call, with `(null, value)`. */
export function asyncInline<V>(value: V): DeferredOperation<ValueSignature<V>>;
export function asyncInline<V, T extends CompletionToken<ValueSignature<V>>>(value: V, token: T): AsyncResult<T, ValueSignature<V>>;
export function asyncInline(value: unknown, token?: unknown): unknown {
  return asyncInitiate((handler: Handler<ValueSignature<unknown>>) => {
    started.count++;
    handler(null, value);
  }, tokenOrDeferred(token));
}

/** An operation whose initiation throws `error` (a programmer error found when it starts). */
export function asyncThrowing(error: unknown): DeferredOperation<[]>;
export function asyncThrowing<T extends CompletionToken<[]>>(error: unknown, token: T): AsyncResult<T, []>;
export function asyncThrowing(error: unknown, token?: unknown): unknown {
  return asyncInitiate(() => {
    started.count++;
    throw error;
  }, tokenOrDeferred(token));
}

/** Resolve after the host event loop had `turns` macrotask turns (lets the system executor drain). */
export function turns(n = 1): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++) p = p.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return p;
}

/**
 * Let the host turn (polling `ioc`, when given, before each turn) until `cond()` holds; throws
 * after `max` turns, so a test that waits for something that never happens fails instead of hanging.
 */
export async function until(cond: () => boolean, ioc?: { restart(): void; poll(): number }, max = 500): Promise<void> {
  for (let i = 0; i < max && !cond(); i++) {
    if (ioc !== undefined) {
      ioc.restart();
      ioc.poll();
    }
    await turns(1);
  }
  if (!cond()) throw new Error(`condition still false after ${max} turns: ${cond.toString()}`);
}
