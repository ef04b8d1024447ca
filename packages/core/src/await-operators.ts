import type { ResultValue, Signature } from './async-result.js';
import { getAssociatedExecutor, withAssociationsOf } from './associations.js';
import { CancellationType } from './cancellation-type.js';
import { coSpawn } from './co-spawn.js';
import { makeDeferredOperation, type DeferredOperation, type DeferredSignature } from './deferred.js';
import { describe, isThenable } from './detail/check.js';
import { resultError, resultValue } from './detail/result.js';
import { errorIs, errors } from './errors.js';
import { makeParallelGroup } from './parallel-group.js';
import { waitForOneError, waitForOneSuccess } from './wait-condition.js';
import { Awaitable, useAwaitable } from './use-awaitable.js';

// Asio's awaitable operators (experimental/awaitable_operators.hpp), `&&` and `||`, as functions
// over any number of operations, on top of the parallel group (Asio builds them the same way).

/**
 * What `awaitAll` and `awaitAny` take: a deferred operation (launched by calling it with a
 * handler) or an `Awaitable` (launched by awaiting it, inside a coroutine of its own).
 */
export type Launchable = ((token: never) => unknown) | Awaitable<unknown>;

/** The value an operation given to `awaitAll`/`awaitAny` succeeds with. */
export type LaunchableValue<O> = O extends Awaitable<infer V> ? V : ResultValue<DeferredSignature<O>>;

/** What `awaitAll(...ops)` resolves with: every operation's value, in argument order. */
export type AwaitAllValues<Ops extends readonly Launchable[]> = { -readonly [K in keyof Ops]: LaunchableValue<Ops[K]> };

/** What `awaitAny(...ops)` resolves with: `[index, value]` of the operation that won. */
export type AwaitAnyResult<Ops extends readonly Launchable[]> = number extends Ops['length']
  ? [index: number, value: LaunchableValue<Ops[number]>]
  : { [K in keyof Ops]: K extends `${infer N extends number}` ? [index: N, value: LaunchableValue<Ops[K]>] : never }[number];

/** The completion signature of `awaitAll(...ops)`: `(err, values)`. */
export type AwaitAllSignature<Ops extends readonly Launchable[]> = [err: Error | null, values: AwaitAllValues<Ops>];
/** The completion signature of `awaitAny(...ops)`: `(err, [index, value])`. */
export type AwaitAnySignature<Ops extends readonly Launchable[]> = [err: Error | null, result: AwaitAnyResult<Ops>];

function checkOps(ops: readonly unknown[]): void {
  ops.forEach((op, i) => {
    if (typeof op === 'function' || op instanceof Awaitable) return;
    const hint = isThenable(op) ? ' (a Promise is already running and cannot be cancelled: pass the operation itself, e.g. timer.asyncWait())' : '';
    throw new TypeError(`ops[${i}] must be a deferred operation or an Awaitable${hint}, got ${describe(op)}`);
  });
}

/** The failures a cancellation the operator sent produces: the losers' expected outcome. */
function isCancellation(e: Error): boolean {
  return errorIs(e, errors.operationAborted) || errorIs(e, errors.channelCancelled);
}

type OperatorHandler = (err: Error | null, value: unknown) => void;

/**
 * Launch `ops` as a ranged parallel group whose losers get terminal cancellation, and complete
 * `handler` with the operator's result once every operation has completed.
 */
function initiateOperator(handler: OperatorHandler, ops: readonly Launchable[], any: boolean): void {
  // An Awaitable runs as a coroutine on the handler's executor (Asio's operators co_spawn on
  // this_coro::executor), so that cancelling it through its own slot reaches what it awaits.
  const executor = getAssociatedExecutor(handler);
  const deferredOps = ops.map((op) => (op instanceof Awaitable ? coSpawn(executor, op) : op)) as unknown as DeferredOperation<Signature>[];
  const condition = any ? waitForOneSuccess(CancellationType.Terminal) : waitForOneError(CancellationType.Terminal);
  makeParallelGroup(deferredOps).asyncWait(
    condition,
    // Carries the handler's executor, immediate executor and slot: the group completes through
    // them, and a cancellation of the whole reaches every operation.
    withAssociationsOf((order: number[], results: Signature[]) => (any ? completeAny : completeAll)(handler, order, results), handler),
  );
}

function completeAll(handler: OperatorHandler, order: readonly number[], results: readonly Signature[]): void {
  // The first failure decides; the cancellations it caused are expected, any other failure is
  // kept with it.
  const failures: Error[] = [];
  for (const i of order) {
    const e = resultError(results[i]!);
    if (e !== null && (failures.length === 0 || !isCancellation(e))) failures.push(e);
  }
  if (failures.length === 0) handler(null, results.map(resultValue));
  else if (failures.length === 1) handler(failures[0]!, undefined);
  else handler(new AggregateError(failures, `awaitAll: ${failures.length} operations failed`), undefined);
}

function completeAny(handler: OperatorHandler, order: readonly number[], results: readonly Signature[]): void {
  for (const i of order) {
    const args = results[i]!;
    if (resultError(args) === null) {
      handler(null, [i, resultValue(args)]);
      return;
    }
  }
  const failures = order.map((i) => resultError(results[i]!)!);
  handler(new AggregateError(failures, `awaitAny: ${failures.length === 0 ? 'no operation to wait for' : 'every operation failed'}`), undefined);
}

/**
 * The operator as a deferred operation: launched with any token, once. Awaiting it (`await
 * awaitAll(a, b)`) launches it as `useAwaitable` does, so inside a coroutine cancelling the
 * coroutine cancels every operation.
 */
function operatorOperation<S extends Signature>(ops: readonly Launchable[], any: boolean): DeferredOperation<S> {
  const op = makeDeferredOperation(initiateOperator as never, ops, any) as unknown as DeferredOperation<S>;
  let awaitable: PromiseLike<ResultValue<S>> | undefined;
  (op as { then: PromiseLike<ResultValue<S>>['then'] }).then = (onFulfilled, onRejected) =>
    (awaitable ??= op(useAwaitable)).then(onFulfilled, onRejected);
  return op;
}

/**
 * Wait for every operation to succeed (Asio's awaitable `operator&&`): resolves with their values
 * in argument order, `[A, B, ...]`. The first failure cancels the others (terminal cancellation,
 * each through its own slot), waits for them, and is the result; when another operation also
 * failed with something else than the cancellation (`operationAborted`, `channelCancelled`), the
 * result is an `AggregateError` holding those failures in the order they completed, the first
 * one first.
 *
 * Returns a deferred operation: launch it with any token (`awaitAll(a, b)(useFuture)`,
 * `(handler)`, `(useAwaitable)`, a yield context) or await it. The completion signature is
 * `(err, values)`. Cancelling it (through the token's slot, or the coroutine awaiting it)
 * cancels every operation.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, awaitAll, coSpawn, detached } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * coSpawn(ioc, async () => {
 *   // Both timers run at once: done after about 20 ms, not 30.
 *   const [a, b] = await awaitAll(new SteadyTimer(ioc, 10).asyncWait(), new SteadyTimer(ioc, 20).asyncWait());
 *   console.log(a, b); // undefined undefined: a timer's wait has no value
 * }, detached);
 * await ioc.run();
 * ```
 */
export function awaitAll<Ops extends readonly Launchable[]>(...ops: Ops): DeferredOperation<AwaitAllSignature<Ops>> {
  checkOps(ops);
  return operatorOperation<AwaitAllSignature<Ops>>(ops, false);
}

/**
 * Wait for the first operation to succeed (Asio's awaitable `operator||`): resolves with
 * `[index, value]` of that operation. The others are then cancelled (terminal, each through its
 * own slot) and waited for; what they complete with afterwards is dropped (a `Channel` receive
 * cancelled this way gives its message back to the channel). When every operation fails, the
 * result is an `AggregateError` holding every error, in the order they completed.
 *
 * Returns a deferred operation, as `awaitAll` does: `(err, [index, value])`. Cancelling it cancels
 * every operation still running.
 *
 * @example
 * ```ts
 * import { Channel, IoContext, SteadyTimer, awaitAny, useFuture } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const messages = new Channel<[Error | null, string]>(ioc, 1);
 * const timer = new SteadyTimer(ioc, 100);
 * const r = awaitAny(messages.asyncReceive(), timer.asyncWait())(useFuture);
 * await ioc.run();
 * const [index] = await r;
 * if (index === 1) console.log('timed out');
 * ```
 */
export function awaitAny<Ops extends readonly Launchable[]>(...ops: Ops): DeferredOperation<AwaitAnySignature<Ops>> {
  checkOps(ops);
  return operatorOperation<AwaitAnySignature<Ops>>(ops, true);
}
