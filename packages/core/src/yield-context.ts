import { asyncResult, tokenKind, type Initiation, type ResultValue, type Signature, type TokenObject } from './async-result.js';
import { enableTerminalCancellation, type CancellationFilter, type CancellationState } from './cancellation-state.js';
import type { CancellationType } from './cancellation-type.js';
import { describe } from './detail/check.js';
import type { AnyInitiation } from './detail/initiate.js';
import { hasErrorSlot, resultValue } from './detail/result.js';
import type { Executor } from './executor.js';
import type { ErrorRef } from './redirect-error.js';
import { isError } from './detail/check.js';

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
 * @internal What a yield context asks of its coroutine's driver (`SpawnDriver`, in
 * detail/spawn-driver.ts, which imports this file).
 */
export interface YieldDriver {
  readonly executor: Executor;
  readonly state: CancellationState;
  throwIfCancelled: boolean;
  resetCancellationState(inFilter: CancellationFilter, outFilter: CancellationFilter): void;
}

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
  readonly #driver: YieldDriver;
  readonly #errorRef: ErrorRef | null;

  /** @internal */
  constructor(driver: YieldDriver, errorRef: ErrorRef | null) {
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
 *
 * @internal
 */
export class YieldOp implements YieldRequest {
  // Declared and set in the constructor: one is made per operation, and field initializers or
  // `#` members cost an initializer call each.
  declare readonly initiation: AnyInitiation;
  declare readonly args: readonly unknown[];
  declare readonly errorRef: ErrorRef | null;
  private declare yielded: boolean;
  private declare done: boolean;

  constructor(initiation: AnyInitiation, args: readonly unknown[], errorRef: ErrorRef | null) {
    this.initiation = initiation;
    this.args = args;
    this.errorRef = errorRef;
    this.yielded = false;
    this.done = false;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** True once `yield*` took the request (a bare `yield op(..., y)` hands the driver a fresh one). */
  get delegated(): boolean {
    return this.yielded;
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
    if (this.done) return { value: undefined, done: true };
    if (!this.yielded) {
      this.yielded = true;
      return { value: this, done: false };
    }
    this.done = true;
    const args = results as unknown[];
    if (hasErrorSlot(args)) {
      const err = isError(args[0]) ? args[0] : null;
      if (this.errorRef !== null) this.errorRef.error = err;
      else if (err !== null) throw err;
    }
    return { value: resultValue(args), done: true };
  }

  throw(e: unknown): IteratorResult<YieldRequest, unknown> {
    this.done = true;
    throw e;
  }

  return(value?: unknown): IteratorResult<YieldRequest, unknown> {
    this.done = true;
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
