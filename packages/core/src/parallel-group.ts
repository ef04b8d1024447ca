import { asyncInitiate, type AsyncResult, type CompletionToken, type Signature } from './async-result.js';
import {
  associatedCancellationSlot,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  withAssociation,
  withAssociationsOf,
} from './associations.js';
import { CancellationSignal } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { deferred, type Deferred, type DeferredOperation, type DeferredSignature } from './deferred.js';
import { checkFunction, describe } from './detail/check.js';
import { HandlerWork } from './handler-work.js';
import { waitForAll, waitForOne, waitForOneError, waitForOneSuccess, type WaitCondition } from './wait-condition.js';

type AnyDeferred = DeferredOperation<Signature>;
type Flatten<Ops extends readonly unknown[]> = Ops extends readonly [infer H, ...infer R]
  ? [...DeferredSignature<H>, ...Flatten<R>]
  : [];

/** The completion signature of a group: `(completionOrder, ...results of op 0, ...results of op 1, ...)`, as Asio's parallel_group. */
export type ParallelGroupSignature<Ops extends readonly unknown[]> = [order: number[], ...results: Flatten<Ops>];
/** The ranged form: `(completionOrder, results)` with one argument array per operation. */
export type RangedParallelGroupSignature<S extends Signature> = [order: number[], results: S[]];

/** Launch all `ops`; complete when every one has completed; `emit` cancels the unfinished ones. */
function runGroup(
  ops: readonly AnyDeferred[],
  condition: WaitCondition,
  handler: (order: number[], results: unknown[][]) => void,
): void {
  const work = new HandlerWork(handler, getAssociatedExecutor(handler));
  const n = ops.length;
  const order: number[] = [];
  const results: unknown[][] = new Array<unknown[]>(n);
  const signals = ops.map(() => new CancellationSignal());
  const outer = getAssociatedCancellationSlot(handler);
  let decided = false;
  // While launching: the index of the operation whose completion decided, and the type emitted.
  let decidedAt = -1;
  let decidedType: CancellationType = CancellationType.None;
  let initiating = true;
  const cancelOthers = (type: CancellationType): void => {
    for (let j = 0; j < n; j++) if (results[j] === undefined) signals[j]!.emit(type);
  };
  // Terminal cancellation from outside reaches the operations once (it cannot be taken back);
  // partial and total requests every time, so a later, stronger request still reaches them.
  // Asio's parallel_group_cancellation_handler forwards only the first request (docs/porting.md).
  let terminalForwarded = false;
  const forward = (type: CancellationType): void => {
    if ((type & CancellationType.Terminal) !== 0) {
      if (terminalForwarded) return;
      terminalForwarded = true;
    }
    cancelOthers(type);
  };
  if (outer.isConnected()) outer.assign(forward);
  let finished = false;
  const finish = (): void => {
    // Once: an operation that completes inside the cancellation emitted from another's handler
    // reaches the count first, and that outer handler must not finish again when it resumes.
    if (finished) return;
    finished = true;
    outer.release(forward);
    work.complete(order, results);
  };
  const launch = (op: AnyDeferred, i: number): void => {
    const h = (...args: unknown[]): void => {
      if (results[i] !== undefined) throw new Error(`operation ${i} of a parallel group completed twice`);
      results[i] = args;
      order.push(i);
      if (!decided) {
        const type = condition(...args);
        if (type !== CancellationType.None) {
          decided = true;
          if (initiating) {
            decidedAt = i;
            decidedType = type;
          }
          cancelOthers(type);
        }
      }
      if (order.length === n) finish();
    };
    // Only the slot: each operation completes on its own I/O executor, where the wait condition
    // runs and cancels the others; the group handler's executor gets only the final handler
    // (experimental/impl/parallel_group.hpp).
    withAssociation(h, null, associatedCancellationSlot, signals[i]!.slot());
    (op as unknown as (token: unknown) => unknown)(h);
  };
  let launched = 0;
  try {
    for (; launched < n; launched++) launch(ops[launched]!, launched);
  } catch (e) {
    // A launch threw (an operation already launched, a programmer error): the group never
    // completes, so cancel what did start and leave no work or slot handler behind.
    finished = true;
    outer.release(forward);
    for (let j = 0; j < launched; j++) if (results[j] === undefined) signals[j]!.emit(CancellationType.Terminal);
    work.reset();
    throw e;
  }
  initiating = false;
  // Operations launched after one completed inside its own launch and decided to cancel the rest
  // had no cancellation handler yet when that was emitted: emit to them now (as Asio's launch).
  if (decidedAt >= 0) for (let j = decidedAt + 1; j < n; j++) if (results[j] === undefined) signals[j]!.emit(decidedType);
  if (n === 0) finish();
  work.started();
}

/** The condition factories themselves, passed where a condition they make was meant. */
function checkCondition(condition: unknown): void {
  checkFunction('condition', condition);
  if (condition === waitForAll || condition === waitForOne || condition === waitForOneSuccess || condition === waitForOneError) {
    throw new TypeError(`condition must be a wait condition: call the factory, e.g. ${condition.name}(), not ${condition.name}`);
  }
}

function checkOps(ops: readonly unknown[]): void {
  ops.forEach((op, i) => {
    if (typeof op !== 'function') throw new TypeError(`ops[${i}] must be a deferred operation, got ${describe(op)}`);
  });
}

/**
 * Operations launched together and waited on as one (Asio's `experimental::parallel_group`).
 * Made by `makeParallelGroup(op1, op2, ...)`; each operation is a deferred operation.
 *
 * @example
 * ```ts
 * import { ParallelGroup, SteadyTimer, makeParallelGroup, systemExecutor } from '@asio-ts/core';
 *
 * const group = makeParallelGroup(new SteadyTimer(systemExecutor, 10).asyncWait(), new SteadyTimer(systemExecutor, 20).asyncWait());
 * console.log(group instanceof ParallelGroup); // true
 * ```
 */
export class ParallelGroup<Ops extends readonly AnyDeferred[]> {
  readonly #ops: Ops;

  /** A group of `ops`, not yet launched; prefer `makeParallelGroup`. */
  constructor(ops: Ops) {
    this.#ops = ops;
  }

  /**
   * Launch the operations (Asio's `parallel_group::async_wait`); the token completes with
   * `(order, ...results of op 0, ...results of op 1, ...)`, `order` being the indexes in the
   * order the operations completed, once every one has. As each completes, `condition` decides
   * what to emit to the others. Cancellation: terminal, partial and total, forwarded to every
   * operation still running (terminal only once), which does what it supports.
   *
   * @example
   * ```ts
   * import { CancellationSignal, SteadyTimer, bindCancellationSlot, makeParallelGroup, systemExecutor, useFuture, waitForAll } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const a = new SteadyTimer(systemExecutor, 60_000);
   * const b = new SteadyTimer(systemExecutor, 60_000);
   * const waiting = makeParallelGroup(a.asyncWait(), b.asyncWait()).asyncWait(waitForAll(), bindCancellationSlot(stop.slot(), useFuture));
   * stop.emit(); // reaches both waits
   * const [order, errA, errB] = await waiting;
   * console.log(order, errA?.code, errB?.code); // [ 0, 1 ] ECANCELED ECANCELED
   * ```
   */
  asyncWait(condition: WaitCondition): DeferredOperation<ParallelGroupSignature<Ops>>;
  asyncWait<T extends CompletionToken<ParallelGroupSignature<Ops>>>(condition: WaitCondition, token: T): AsyncResult<T, ParallelGroupSignature<Ops>>;
  asyncWait<T = Deferred>(condition: WaitCondition, token?: T): AsyncResult<T, ParallelGroupSignature<Ops>>;
  asyncWait<T = Deferred>(condition: WaitCondition, token?: T): AsyncResult<T, ParallelGroupSignature<Ops>> {
    checkCondition(condition);
    const ops = this.#ops;
    return asyncInitiate(
      (handler: (...args: ParallelGroupSignature<Ops>) => void) =>
        runGroup(
          ops,
          condition,
          // Carries the handler's associations: its executor, immediate executor and slot.
          withAssociationsOf((order: number[], results: unknown[][]) => (handler as (...a: unknown[]) => void)(order, ...results.flat(1)), handler),
        ),
      token === undefined ? deferred : token,
    ) as AsyncResult<T, ParallelGroupSignature<Ops>>;
  }
}

/**
 * The ranged form: any number of operations of one signature (Asio's `ranged_parallel_group`).
 * Made by `makeParallelGroup([op1, op2, ...])`.
 *
 * @example
 * ```ts
 * import { RangedParallelGroup, SteadyTimer, makeParallelGroup, systemExecutor } from '@asio-ts/core';
 *
 * const waits = [10, 20, 30].map((ms) => new SteadyTimer(systemExecutor, ms).asyncWait());
 * console.log(makeParallelGroup(waits) instanceof RangedParallelGroup); // true
 * ```
 */
export class RangedParallelGroup<S extends Signature> {
  readonly #ops: readonly DeferredOperation<S>[];

  /** A group of `ops`, not yet launched; prefer `makeParallelGroup([...])`. */
  constructor(ops: readonly DeferredOperation<S>[]) {
    this.#ops = ops;
  }

  /**
   * Launch the operations (Asio's `ranged_parallel_group::async_wait`); the token completes with
   * `(order: number[], results: S[])`, one argument array per operation, in launch order, once
   * every one has completed. `condition` decides as each completes what to emit to the others.
   * Cancellation: terminal, partial and total, forwarded to every operation still running
   * (terminal only once), which does what it supports.
   *
   * @example
   * ```ts
   * import { SteadyTimer, makeParallelGroup, systemExecutor, waitForAll } from '@asio-ts/core';
   *
   * const waits = [300, 100, 200].map((ms) => new SteadyTimer(systemExecutor, ms).asyncWait());
   * const [order, results] = await makeParallelGroup(waits).asyncWait(waitForAll());
   * console.log(order, results.length); // [ 1, 2, 0 ] 3
   * ```
   */
  asyncWait(condition: WaitCondition): DeferredOperation<RangedParallelGroupSignature<S>>;
  asyncWait<T extends CompletionToken<RangedParallelGroupSignature<S>>>(
    condition: WaitCondition,
    token: T,
  ): AsyncResult<T, RangedParallelGroupSignature<S>>;
  asyncWait<T = Deferred>(condition: WaitCondition, token?: T): AsyncResult<T, RangedParallelGroupSignature<S>>;
  asyncWait<T = Deferred>(condition: WaitCondition, token?: T): AsyncResult<T, RangedParallelGroupSignature<S>> {
    checkCondition(condition);
    const ops = this.#ops as unknown as readonly AnyDeferred[];
    return asyncInitiate(
      (handler: (order: number[], results: S[]) => void) =>
        runGroup(ops, condition, handler as unknown as (order: number[], results: unknown[][]) => void),
      token === undefined ? deferred : token,
    ) as AsyncResult<T, RangedParallelGroupSignature<S>>;
  }
}

/**
 * Group deferred operations (Asio's `make_parallel_group`):
 * `makeParallelGroup(op1, op2).asyncWait(waitForAll(), token)`. Nothing starts until `asyncWait`.
 *
 * @example
 * ```ts
 * import { SteadyTimer, deferred, makeParallelGroup, systemExecutor, waitForOne } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 1_000);
 * const [order] = await makeParallelGroup(timer.asyncWait(), deferred.values('now')).asyncWait(waitForOne());
 * console.log(order); // [ 1, 0 ]: the immediate value won, the timer's wait was cancelled
 * ```
 */
export function makeParallelGroup<Ops extends AnyDeferred[]>(...ops: Ops): ParallelGroup<Ops>;
/**
 * The ranged form: `makeParallelGroup([op1, op2, ...])`, any number of operations of one
 * signature (Asio's `make_parallel_group` over a range).
 *
 * @example
 * ```ts
 * import { SteadyTimer, makeParallelGroup, systemExecutor, waitForOne } from '@asio-ts/core';
 *
 * const waits = [300, 100, 200].map((ms) => new SteadyTimer(systemExecutor, ms).asyncWait());
 * const [order, results] = await makeParallelGroup(waits).asyncWait(waitForOne());
 * console.log(order[0], results[0]![0]?.code); // 1 ECANCELED: the 10 ms wait won
 * ```
 */
export function makeParallelGroup<S extends Signature>(ops: readonly DeferredOperation<S>[]): RangedParallelGroup<S>;
export function makeParallelGroup(...args: unknown[]): unknown {
  if (args.length === 1 && Array.isArray(args[0])) {
    checkOps(args[0]);
    return new RangedParallelGroup(args[0] as DeferredOperation<Signature>[]);
  }
  checkOps(args);
  return new ParallelGroup(args as AnyDeferred[]);
}
