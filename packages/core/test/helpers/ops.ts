// Small initiating functions built with `asyncInitiate`, used to drive completion tokens in the
// tests (the role Asio's `archetypes/async_ops.hpp` and its timers play in its unit tests).
//
// Every operation here keeps the completion rules: it holds work on its I/O executor and on the
// handler's associated executor while in flight, delivers through the associated executor, never
// runs the handler inside the initiating call, and releases its cancellation slot on completion.

import {
  asyncInitiate,
  CancellationType,
  deferred,
  errors,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  makeError,
  systemExecutor,
  toExecutor,
  type AsyncResult,
  type CancellationHandler,
  type CompletionToken,
  type DeferredOperation,
  type Executor,
  type ExecutorOrContext,
  type Handler,
  type Signature,
  type SystemError,
} from '@asio-ts/core';

/** Counters the tests read to see when (and how often) initiations ran. */
export const stats = { initiations: 0 };

/** What cancellation handlers of the operations below saw, most recent last. */
export const seenCancellations: CancellationType[] = [];

/**
 * The work an operation holds while in flight (a stand-in for Asio's handler_work): on the I/O
 * executor and on the handler's associated executor. `complete` posts to the I/O executor, which
 * hands the call to the handler's executor, then releases the work.
 */
export class OpWork {
  readonly ioExecutor: Executor;
  readonly executor: Executor;
  #done = false;

  constructor(handler: unknown, ioExecutor: Executor) {
    this.ioExecutor = ioExecutor;
    this.executor = getAssociatedExecutor(handler, ioExecutor);
    ioExecutor.onWorkStarted();
    if (this.executor !== ioExecutor) this.executor.onWorkStarted();
  }

  complete(fn: () => void): void {
    if (this.#done) throw new Error('OpWork.complete called twice');
    this.#done = true;
    this.ioExecutor.post(() => {
      this.executor.dispatch(fn);
      this.ioExecutor.onWorkFinished();
      if (this.executor !== this.ioExecutor) this.executor.onWorkFinished();
    });
  }
}

// Initiating functions are declared as two overloads, the way an asio-ts user should write them:
// one without a token (returns a DeferredOperation, as Asio 1.38's default token does) and one
// generic in the token. A `T = Deferred` default on a single signature would break contextual
// typing of callbacks such as `(err, n) => ...`: TypeScript fixes T to the default before it can
// infer it from an arrow function with unannotated parameters.

function tokenOrDeferred(token: unknown): unknown {
  return token === undefined ? deferred : token;
}

/** An operation that completes (later) with exactly `args` (Asio's `async_op_N` archetypes). */
export function asyncComplete<S extends unknown[]>(ioExecutor: ExecutorOrContext, args: [...S]): DeferredOperation<S>;
export function asyncComplete<S extends unknown[], T extends CompletionToken<S>>(
  ioExecutor: ExecutorOrContext,
  args: [...S],
  token: T,
): AsyncResult<T, S>;
export function asyncComplete(ioExecutor: ExecutorOrContext, args: unknown[], token?: unknown): unknown {
  const ex = toExecutor('ioExecutor', ioExecutor);
  return asyncInitiate((handler: Handler<Signature>) => {
    stats.initiations++;
    const work = new OpWork(handler, ex);
    work.complete(() => handler(...args));
  }, tokenOrDeferred(token));
}

export type AddSignature = [err: SystemError | null, sum: number];

/**
 * `asyncAddOn(ex, a, b, token)`: completes with `a + b`, or with an `invalidArgument` SystemError
 * when the sum is not a safe integer. Non-number operands are programmer errors: TypeError, thrown
 * at once, before the token is looked at.
 */
export function asyncAddOn(ioExecutor: ExecutorOrContext, a: number, b: number): DeferredOperation<AddSignature>;
export function asyncAddOn<T extends CompletionToken<AddSignature>>(
  ioExecutor: ExecutorOrContext,
  a: number,
  b: number,
  token: T,
): AsyncResult<T, AddSignature>;
export function asyncAddOn(ioExecutor: ExecutorOrContext, a: number, b: number, token?: unknown): unknown {
  const ex = toExecutor('ioExecutor', ioExecutor);
  if (typeof a !== 'number') throw new TypeError(`a must be a number, got ${typeof a}`);
  if (typeof b !== 'number') throw new TypeError(`b must be a number, got ${typeof b}`);
  return asyncInitiate(
    (handler: Handler<AddSignature>, x: number, y: number) => {
      stats.initiations++;
      const work = new OpWork(handler, ex);
      const sum = x + y;
      if (Number.isSafeInteger(sum)) work.complete(() => handler(null, sum));
      else work.complete(() => handler(makeError(errors.invalidArgument, `${x} + ${y} is not a safe integer`), 0));
    },
    tokenOrDeferred(token),
    a,
    b,
  );
}

/** `asyncAddOn` on the system executor. */
export function asyncAdd(a: number, b: number): DeferredOperation<AddSignature>;
export function asyncAdd<T extends CompletionToken<AddSignature>>(a: number, b: number, token: T): AsyncResult<T, AddSignature>;
export function asyncAdd(a: number, b: number, token?: unknown): unknown {
  return asyncAddOn(systemExecutor, a, b, tokenOrDeferred(token) as CompletionToken<AddSignature>);
}

export type WaitSignature = [err: SystemError | null];

const cancellable = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/**
 * Start a cancellable wait. `finish(err)` completes it (at most once). The cancellation handler is
 * assigned to the handler's associated slot and released when the wait completes either way.
 */
function startWait(handler: Handler<WaitSignature>, ex: Executor, onStop: () => void): (err: SystemError | null) => void {
  stats.initiations++;
  const work = new OpWork(handler, ex);
  const slot = getAssociatedCancellationSlot(handler);
  let done = false;
  const finish = (err: SystemError | null): void => {
    if (done) return;
    done = true;
    slot.release(onCancel);
    onStop();
    work.complete(() => handler(err));
  };
  const onCancel: CancellationHandler = (type) => {
    seenCancellations.push(type);
    if ((type & cancellable) !== 0) finish(makeError(errors.operationAborted, `cancelled (type ${type})`));
  };
  if (slot.isConnected()) slot.assign(onCancel);
  return finish;
}

/** A wait that only ends when cancelled through the handler's slot (with operationAborted). */
export function asyncWaitForever(): DeferredOperation<WaitSignature>;
export function asyncWaitForever<T extends CompletionToken<WaitSignature>>(
  token: T,
  ioExecutor?: ExecutorOrContext,
): AsyncResult<T, WaitSignature>;
export function asyncWaitForever(token?: unknown, ioExecutor: ExecutorOrContext = systemExecutor): unknown {
  const ex = toExecutor('ioExecutor', ioExecutor);
  return asyncInitiate((handler: Handler<WaitSignature>) => {
    startWait(handler, ex, () => {});
  }, tokenOrDeferred(token));
}

/**
 * A fake slow operation (a steady_timer's async_wait): completes with `null` after `ms`
 * milliseconds (uses the global `setTimeout`, so jest's fake timers drive it), or with
 * operationAborted when cancelled first.
 */
export function asyncSleep(ms: number): DeferredOperation<WaitSignature>;
export function asyncSleep<T extends CompletionToken<WaitSignature>>(
  ms: number,
  token: T,
  ioExecutor?: ExecutorOrContext,
): AsyncResult<T, WaitSignature>;
export function asyncSleep(ms: number, token?: unknown, ioExecutor: ExecutorOrContext = systemExecutor): unknown {
  const ex = toExecutor('ioExecutor', ioExecutor);
  return asyncInitiate((handler: Handler<WaitSignature>) => {
    // Assigned once, after `finish` exists (a const would be in its temporal dead zone should
    // startWait stop the wait at once).
    // eslint-disable-next-line prefer-const
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = startWait(handler, ex, () => clearTimeout(timer));
    timer = setTimeout(() => finish(null), ms);
  }, tokenOrDeferred(token));
}

/** Resolve after the system executor and pending macrotasks have had a turn. */
export function flush(turns = 1): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < turns; i++) p = p.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return p;
}
