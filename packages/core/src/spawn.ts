import { asyncInitiate, asyncResult, tokenKind, type AsyncResult, type CompletionToken, type Initiation, type ResultValue, type Signature, type TokenObject } from './async-result.js';
import { associatedCancellationSlot, associatedExecutor, getAssociatedCancellationSlot, withAssociation } from './associations.js';
import { CancellationState, enableTerminalCancellation, type CancellationFilter } from './cancellation-state.js';
import type { CancellationSlot } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { deferred, type Deferred, type DeferredOperation } from './deferred.js';
import { checkFunction, describe, isAsyncFunction, isThenable, toError } from './detail/check.js';
import { isDetached } from './detail/detached-token.js';
import { reportOrphanErrorFromHere } from './detail/orphan-errors.js';
import { HandlerWork } from './handler-work.js';
import { hasErrorSlot, resultValue } from './detail/result.js';
import { callInitiation, type AnyInitiation } from './detail/initiate.js';
import { errors, makeError } from './errors.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import type { ErrorRef } from './redirect-error.js';

/** What an operation launched with a yield context hands the `spawn` driver. */
export interface YieldRequest {
  /** The operation's initiation: the driver calls `initiation(handler, ...args)` (no args when absent). */
  readonly initiation: AnyInitiation;
  /** The operation's arguments, after the handler. */
  readonly args?: readonly unknown[];
  /** Where the operation's error goes instead of being thrown (`y.withError(ref)`), or null. */
  readonly errorRef: ErrorRef | null;
}

/** What `yield*` on an operation evaluates to: its value (a leading error slot throws). */
export type YieldOperation<V> = Generator<YieldRequest, V, unknown>;

/**
 * Asio's `yield_context`: pass `y` as the token and write `const n = yield* asyncWrite(s, b, y)`.
 * A failure throws the SystemError; `y.withError(ref)` stores it in `ref.error` instead (Asio's
 * `yield[ec]`) and returns the value.
 *
 * @example
 * ```ts
 * import { IoContext, spawn, useFuture } from '@asio-ts/core';
 * import { TestStream, asyncWrite } from '@asio-ts/io';
 *
 * const ioc = new IoContext();
 * const stream = new TestStream(ioc);
 * const sent = spawn(ioc, function* (y) {
 *   const n: number = yield* asyncWrite(stream, new TextEncoder().encode('hello\n'), y);
 *   return n;
 * }, useFuture);
 * await ioc.run();
 * console.log(await sent); // 6
 * ```
 */
export class YieldContext implements TokenObject<'yieldContext'> {
  /** The token's `CompletionTokenTypes` entry: `'yieldContext'`. */
  readonly [tokenKind] = 'yieldContext' as const;
  readonly #driver: SpawnDriver;
  readonly #errorRef: ErrorRef | null;

  /** @internal */
  constructor(driver: SpawnDriver, errorRef: ErrorRef | null) {
    this.#driver = driver;
    this.#errorRef = errorRef;
  }

  /** The spawned coroutine's executor. */
  get executor(): Executor {
    return this.#driver.executor;
  }

  /**
   * A context whose operations store their error in `ref.error` instead of throwing (Asio's
   * `yield[ec]`), and still evaluate to the value.
   *
   * @example
   * ```ts
   * import { IoContext, spawn, type ErrorRef } from '@asio-ts/core';
   * import { TestStream, asyncWrite } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const stream = new TestStream(ioc, { failAt: 3 });
   * spawn(ioc, function* (y) {
   *   const ref: ErrorRef = { error: null };
   *   const n = yield* asyncWrite(stream, new TextEncoder().encode('hello'), y.withError(ref));
   *   console.log(n, ref.error?.message); // 3 Broken pipe
   * }, () => {});
   * await ioc.run();
   * ```
   */
  withError(ref: ErrorRef): YieldContext {
    if (typeof ref !== 'object' || ref === null) throw new TypeError(`ref must be an object with an \`error\` property, got ${describe(ref)}`);
    return new YieldContext(this.#driver, ref);
  }

  /**
   * Cancellation requested of the coroutine so far, after the filter (terminal only by default).
   *
   * @example
   * ```ts
   * import { CancellationSignal, SteadyTimer, bindCancellationSlot, spawn, systemExecutor, useFuture } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const outcome = spawn(systemExecutor, function* (y) {
   *   try {
   *     yield* new SteadyTimer(systemExecutor, 60_000).asyncWait(y);
   *     return 'expired';
   *   } catch {
   *     return `cancelled (type ${y.cancelled()})`;
   *   }
   * }, bindCancellationSlot(stop.slot(), useFuture));
   * setTimeout(() => stop.emit(), 10);
   * console.log(await outcome); // cancelled (type 1)
   * ```
   */
  cancelled(): CancellationType {
    return this.#driver.state.cancelled();
  }

  /**
   * Start over with a fresh cancellation state and these filters (default: terminal only), as
   * Asio's `reset_cancellation_state` on a yield context's coroutine.
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationType, SteadyTimer, bindCancellationSlot, enablePartialCancellation, spawn, systemExecutor, useFuture, type ErrorRef } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const outcome = spawn(systemExecutor, function* (y) {
   *   y.resetCancellationState(enablePartialCancellation); // let partial cancellation in too
   *   const ref: ErrorRef = { error: null };
   *   yield* new SteadyTimer(systemExecutor, 60_000).asyncWait(y.withError(ref));
   *   return y.cancelled();
   * }, bindCancellationSlot(stop.slot(), useFuture));
   * setTimeout(() => stop.emit(CancellationType.Partial), 10);
   * console.log(await outcome); // 2
   * ```
   */
  resetCancellationState(inFilter: CancellationFilter = enableTerminalCancellation, outFilter: CancellationFilter = inFilter): void {
    this.#driver.resetCancellationState(inFilter, outFilter);
  }

  /**
   * Whether a cancelled coroutine's next operation throws at once (default true). Returns the
   * current setting; sets it when given.
   *
   * @example
   * ```ts
   * import { CancellationSignal, SteadyTimer, bindCancellationSlot, spawn, systemExecutor, useFuture, type ErrorRef } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const cleanedUp = spawn(systemExecutor, function* (y) {
   *   y.throwIfCancelled(false); // cleanup below must still run once cancelled
   *   const ref: ErrorRef = { error: null };
   *   yield* new SteadyTimer(systemExecutor, 60_000).asyncWait(y.withError(ref));
   *   yield* new SteadyTimer(systemExecutor, 10).asyncWait(y); // runs, though cancelled
   *   return 'cleaned up';
   * }, bindCancellationSlot(stop.slot(), useFuture));
   * setTimeout(() => stop.emit(), 10);
   * console.log(await cleanedUp); // cleaned up
   * ```
   */
  throwIfCancelled(value?: boolean): boolean {
    if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`value must be a boolean, got ${describe(value)}`);
    if (value !== undefined) this.#driver.throwIfCancelled = value;
    return this.#driver.throwIfCancelled;
  }

  // The initiation and its arguments go to the driver as they are.
  /** The token protocol: returns the operation for `yield*`, which hands it to the coroutine's driver. */
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): YieldOperation<ResultValue<S>> {
    return new YieldOp(initiation, args, this.#errorRef) as unknown as YieldOperation<ResultValue<S>>;
  }
}

/**
 * One operation as `yield*` consumes it: it yields itself as the request for the driver, then
 * returns the operation's value (a leading error throws, or goes to `errorRef`). Written as an
 * iterator rather than a generator function: one object per operation instead of a generator
 * and a request object.
 */
class YieldOp implements YieldRequest {
  readonly initiation: AnyInitiation;
  readonly args: readonly unknown[];
  readonly errorRef: ErrorRef | null;
  #yielded = false;
  #done = false;

  constructor(initiation: AnyInitiation, args: readonly unknown[], errorRef: ErrorRef | null) {
    this.initiation = initiation;
    this.args = args;
    this.errorRef = errorRef;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** True once `yield*` took the request (a bare `yield op(..., y)` hands the driver a fresh one). */
  get delegated(): boolean {
    return this.#yielded;
  }

  /**
   * `await op(..., y)` (inside an async function) would resolve to this object without starting
   * the operation: refuse it instead. Not in the public type, which stays a Generator.
   */
  then(_onFulfilled: unknown, onRejected?: (reason: unknown) => unknown): void {
    const e = new TypeError(
      'an operation given a yield context cannot be awaited: y is for yield* inside spawn (const n = yield* op(..., y)); ' +
        'inside coSpawn pass ctx.useAwaitable (or useAwaitable) and await it',
    );
    if (typeof onRejected === 'function') onRejected(e);
    else throw e;
  }

  next(results?: unknown): IteratorResult<YieldRequest, unknown> {
    if (this.#done) return { value: undefined, done: true };
    if (!this.#yielded) {
      this.#yielded = true;
      return { value: this, done: false };
    }
    this.#done = true;
    const args = results as unknown[];
    if (hasErrorSlot(args)) {
      const err = args[0] instanceof Error ? args[0] : null;
      if (this.errorRef !== null) this.errorRef.error = err;
      else if (err !== null) throw err;
    }
    return { value: resultValue(args), done: true };
  }

  throw(e: unknown): IteratorResult<YieldRequest, unknown> {
    this.#done = true;
    throw e;
  }

  return(value?: unknown): IteratorResult<YieldRequest, unknown> {
    this.#done = true;
    return { value, done: true };
  }
}

/** What an initiating function with signature `S` returns for a yield context. */
export type YieldResult<S extends Signature> = YieldOperation<ResultValue<S>>;

// Registers the return type of a yield context (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    yieldContext: YieldResult<S>;
  }
}

const noArguments: readonly unknown[] = Object.freeze([]);

type SpawnBody<R> = (y: YieldContext) => Generator<YieldRequest, R, unknown>;

/** @internal Runs one generator coroutine: resumes it with each operation's results. */
class SpawnDriver {
  readonly executor: Executor;
  state: CancellationState;
  throwIfCancelled = true;
  readonly #parentSlot: CancellationSlot;
  #generator: Generator<YieldRequest, unknown, unknown> | null = null;
  #inStart = false;
  #finished = false;
  #syncResult: unknown[] | null = null;
  readonly #finish: (err: Error | null, value: unknown) => void;
  readonly #resume: (...args: unknown[]) => void;

  constructor(executor: Executor, parentSlot: CancellationSlot, finish: (err: Error | null, value: unknown) => void) {
    this.executor = executor;
    this.#parentSlot = parentSlot;
    this.state = new CancellationState(parentSlot, enableTerminalCancellation);
    this.#finish = finish;
    const resume = (...args: unknown[]): void => this.#onComplete(args);
    withAssociation(resume, null, associatedExecutor, executor);
    withAssociation(resume, null, associatedCancellationSlot, this.state.slot());
    this.#resume = resume;
  }

  resetCancellationState(inFilter: CancellationFilter, outFilter: CancellationFilter): void {
    this.state.detach();
    this.state = new CancellationState(this.#parentSlot, inFilter, outFilter);
    withAssociation(this.#resume, null, associatedCancellationSlot, this.state.slot());
  }

  run(body: SpawnBody<unknown>): void {
    let generator: Generator<YieldRequest, unknown, unknown>;
    try {
      generator = body(new YieldContext(this, null));
      if (typeof generator?.next !== 'function') throw new TypeError('fn must be a generator function (function*)');
    } catch (e) {
      this.#done(e, undefined);
      return;
    }
    this.#generator = generator;
    this.#step(false, undefined);
  }

  #onComplete(args: unknown[]): void {
    if (this.#finished) throw new Error('spawn: an operation called its handler after the coroutine finished');
    if (this.#inStart) {
      this.#syncResult = args;
      return;
    }
    this.#step(false, args);
  }

  /**
   * Advance the generator with `value` (thrown into it when `raise`); operations that complete
   * inside their start loop here, not recurse. No closure per step: this runs per operation.
   */
  #step(raise: boolean, value: unknown): void {
    const generator = this.#generator!;
    for (;;) {
      let r: IteratorResult<YieldRequest, unknown>;
      try {
        r = raise ? generator.throw(value) : generator.next(value);
      } catch (e) {
        this.#done(e, undefined);
        return;
      }
      if (r.done === true) {
        this.#done(null, r.value);
        return;
      }
      const request = r.value;
      const misuse = requestMisuse(request);
      if (misuse !== null) {
        raise = true;
        value = misuse;
        continue;
      }
      if (this.throwIfCancelled && this.state.cancelled() !== CancellationType.None) {
        raise = true;
        value = makeError(errors.operationAborted, 'the coroutine was cancelled');
        continue;
      }
      this.state.slot().clear();
      this.#syncResult = null;
      this.#inStart = true;
      try {
        callInitiation(request.initiation, this.#resume, request.args ?? noArguments);
      } catch (e) {
        this.#inStart = false;
        raise = true;
        value = e;
        continue;
      }
      this.#inStart = false;
      const sync = this.#syncResult as unknown[] | null;
      if (sync === null) return;
      this.#syncResult = null;
      raise = false;
      value = sync;
    }
  }

  #done(err: unknown, value: unknown): void {
    if (this.#finished) throw new Error('spawn: the coroutine finished twice (an operation called its handler twice)');
    this.#finished = true;
    this.state.detach();
    this.#finish(err === null ? null : toError(err), value);
  }
}

/** Why the driver cannot run what the generator yielded, or null when it can. */
function requestMisuse(request: unknown): TypeError | null {
  if (request instanceof YieldOp) {
    return request.delegated ? null : new TypeError('spawn: an operation was yielded with yield, not yield*: write const n = yield* op(..., y)');
  }
  if (typeof (request as Partial<YieldRequest> | null)?.initiation === 'function') return null;
  const what = isThenable(request) ? 'a promise or an Awaitable (useAwaitable)' : describe(request);
  return new TypeError(
    `spawn: the coroutine yielded ${what}; it can only wait for operations given its yield context: const n = yield* op(..., y)`,
  );
}

/** The completion signature of `spawn`: `(err, value)`. */
export type SpawnSignature<R> = [err: Error | null, value: R];

// Overloads rather than one signature with `T = Deferred`: a default type parameter would
// become the contextual type of an arrow-function handler, leaving its parameters untyped.
/**
 * Run a generator function as a stackful-style coroutine on `executor` (Asio's `spawn` with a
 * `yield_context`). It starts through a dispatch (inline when already inside `executor`, as
 * Asio's `initiate_spawn`; the handler never runs inside this call); the token completes with
 * `(err, value)`. Cancelling the token's slot reaches the operation the coroutine waits on.
 * Completes with `(err: Error | null, value: R)`: what the generator returned, or what it threw.
 * Cancellation: terminal by default (per-operation, through the handler's slot, forwarded to the
 * operation the coroutine waits on); `y.resetCancellationState` lets partial and total in.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, spawn } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * spawn(ioc, function* (y) {
 *   const timer = new SteadyTimer(ioc, 10);
 *   yield* timer.asyncWait(y); // throws the SystemError if the wait fails
 *   return 'expired';
 * }, (err, value) => console.log(err, value)); // null expired
 * await ioc.run();
 * ```
 */
export function spawn<R>(executor: ExecutorOrContext, fn: SpawnBody<R>): DeferredOperation<SpawnSignature<R>>;
export function spawn<R, T extends CompletionToken<SpawnSignature<R>>>(
  executor: ExecutorOrContext,
  fn: SpawnBody<R>,
  token: T,
): AsyncResult<T, SpawnSignature<R>>;
// For generic callers holding a `token?: T`.
export function spawn<R, T = Deferred>(executor: ExecutorOrContext, fn: SpawnBody<R>, token?: T): AsyncResult<T, SpawnSignature<R>>;
export function spawn<R, T = Deferred>(executor: ExecutorOrContext, fn: SpawnBody<R>, token?: T): AsyncResult<T, SpawnSignature<R>> {
  const ex = toExecutor('executor', executor);
  checkFunction('fn', fn);
  if (isAsyncFunction(fn)) throw new TypeError('fn must be a generator function (function*), not an async function: use coSpawn for those');
  const reportsItself = isDetached(token);
  return asyncInitiate(
    (handler: (err: Error | null, value: R) => void) => {
      const work = new HandlerWork(handler, ex);
      const driver = new SpawnDriver(ex, getAssociatedCancellationSlot(handler), (err, value) => {
        // Detached: reported where the coroutine ended, not through an executor nobody may run.
        if (err !== null && reportsItself) {
          reportOrphanErrorFromHere(err);
          err = null;
        }
        work.complete(err, value as R);
      });
      // Asio's initiate_spawn dispatches: already inside `ex`, the body starts here.
      ex.dispatch(() => driver.run(fn as SpawnBody<unknown>));
      work.started();
    },
    token === undefined ? deferred : token,
  ) as AsyncResult<T, SpawnSignature<R>>;
}
