import { asyncInitiate, type AsyncResult, type CompletionToken } from './async-result.js';
import { getAssociatedCancellationSlot } from './associations.js';
import type { CancellationFilter, CancellationState } from './cancellation-state.js';
import { CancellationType } from './cancellation-type.js';
import { deferred, type Deferred, type DeferredOperation } from './deferred.js';
import { describe, isThenable, toError } from './detail/check.js';
import { CoroutineFrame, frames } from './detail/coroutine-frame.js';
import { reportOrphanErrorFromHere } from './detail/orphan-errors.js';
import { isDetached } from './detail/detached-token.js';
import { isProxy } from './detail/proxies.js';
import { HandlerWork } from './handler-work.js';
import { errors, makeError } from './errors.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';
import { useAwaitableIn, type UseAwaitable } from './use-awaitable.js';

/** The completion signature of `coSpawn`: `(err, value)` — the coroutine's result or what it threw. */
export type CoSpawnSignature<R> = [err: Error | null, value: R];

/**
 * What a coroutine can ask about itself (Asio's `this_coro`). Passed to the coroutine function as
 * its argument, and reachable as `thisCoro` where AsyncLocalStorage carries it implicitly.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, coSpawn, useFuture, type CoroutineContext } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const done = coSpawn(ioc, async (ctx: CoroutineContext) => {
 *   const timer = new SteadyTimer(ctx.executor, 10);
 *   await timer.asyncWait(ctx.useAwaitable); // the explicit form: no AsyncLocalStorage needed
 *   return ctx.cancelled();
 * }, useFuture);
 * await ioc.run();
 * console.log(await done); // 0: not cancelled
 * ```
 */
export class CoroutineContext {
  readonly #frame: CoroutineFrame;
  // Made when first asked for: most coroutines never use the explicit form.
  #useAwaitable: UseAwaitable | undefined;

  /** @internal */
  constructor(frame: CoroutineFrame) {
    this.#frame = frame;
  }

  /** `useAwaitable` bound to this coroutine explicitly (for hosts without AsyncLocalStorage); the same token on every read. */
  get useAwaitable(): UseAwaitable {
    return (this.#useAwaitable ??= useAwaitableIn(this.#frame));
  }

  /** The coroutine's executor. */
  get executor(): Executor {
    return this.#frame.executor;
  }

  /** The coroutine's cancellation state (Asio's `this_coro::cancellation_state`). */
  get cancellationState(): CancellationState {
    return this.#frame.cancellationState;
  }

  /**
   * Cancellation requested so far (after the filter; terminal only by default).
   *
   * @example
   * ```ts
   * import { CancellationSignal, SteadyTimer, bindCancellationSlot, coSpawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const outcome = coSpawn(systemExecutor, async (ctx) => {
   *   try {
   *     await new SteadyTimer(systemExecutor, 60_000).asyncWait(useAwaitable);
   *     return 'expired';
   *   } catch {
   *     return `cancelled (type ${ctx.cancelled()})`;
   *   }
   * }, bindCancellationSlot(stop.slot(), useFuture));
   * setTimeout(() => stop.emit(), 10);
   * console.log(await outcome); // cancelled (type 1)
   * ```
   */
  cancelled(): CancellationType {
    return this.#frame.cancelled();
  }

  /**
   * Whether awaiting an operation after cancellation was requested throws operationAborted at
   * once (default true, as Asio's awaitable). Returns the current setting; sets it when given.
   *
   * @example
   * ```ts
   * import { CancellationSignal, SteadyTimer, bindCancellationSlot, coSpawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const cleanedUp = coSpawn(systemExecutor, async (ctx) => {
   *   ctx.throwIfCancelled(false); // cleanup below must still run once cancelled
   *   await new SteadyTimer(systemExecutor, 60_000).asyncWait(useAwaitable).then(() => {}, () => {});
   *   await new SteadyTimer(systemExecutor, 10).asyncWait(useAwaitable); // runs, though cancelled
   *   return 'cleaned up';
   * }, bindCancellationSlot(stop.slot(), useFuture));
   * setTimeout(() => stop.emit(), 10);
   * console.log(await cleanedUp); // cleaned up
   * ```
   */
  throwIfCancelled(value?: boolean): boolean {
    if (value !== undefined) {
      if (typeof value !== 'boolean') throw new TypeError(`value must be a boolean, got ${describe(value)}`);
      this.#frame.throwIfCancelled = value;
    }
    return this.#frame.throwIfCancelled;
  }

  /**
   * Start over with a fresh cancellation state and these filters (default: terminal only), as
   * Asio's `this_coro::reset_cancellation_state`.
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationType, SteadyTimer, bindCancellationSlot, coSpawn, enableTotalCancellation, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
   *
   * const stop = new CancellationSignal();
   * const outcome = coSpawn(systemExecutor, async (ctx) => {
   *   ctx.resetCancellationState(enableTotalCancellation); // let partial and total cancellation in too
   *   await new SteadyTimer(systemExecutor, 60_000).asyncWait(useAwaitable).then(() => {}, () => {});
   *   return ctx.cancelled();
   * }, bindCancellationSlot(stop.slot(), useFuture));
   * setTimeout(() => stop.emit(CancellationType.Total), 10);
   * console.log(await outcome); // 4
   * ```
   */
  resetCancellationState(inFilter?: CancellationFilter, outFilter?: CancellationFilter): void {
    this.#frame.resetCancellationState(inFilter, outFilter ?? inFilter);
  }
}

function currentContext(): CoroutineContext {
  // Without AsyncLocalStorage the frame is known only before the body's first await: thisCoro
  // refuses it there too rather than work in the first lines and throw after an await.
  const frame = frames.implicit ? frames.current() : undefined;
  const ctx = frame?.context as CoroutineContext | undefined;
  if (ctx === undefined) {
    throw new TypeError(
      frames.implicit
        ? 'thisCoro is only available inside a coroutine started with coSpawn'
        : 'thisCoro needs AsyncLocalStorage; use the context argument coSpawn passes to the coroutine',
    );
  }
  return ctx;
}

/** The running coroutine's context (Asio's `this_coro`), found through AsyncLocalStorage. */
export const thisCoro = Object.freeze({
  /** The current coroutine's context. */
  current: currentContext,
  /** The current coroutine's executor (Asio's `this_coro::executor`). */
  get executor(): Executor {
    return currentContext().executor;
  },
  /** The current coroutine's cancellation state (Asio's `this_coro::cancellation_state`). */
  get cancellationState(): CancellationState {
    return currentContext().cancellationState;
  },
  /** Cancellation requested of the current coroutine so far (`CoroutineContext.cancelled`). */
  cancelled(): CancellationType {
    return currentContext().cancelled();
  },
  /** The current coroutine's `throwIfCancelled` setting, set when `value` is given (`CoroutineContext.throwIfCancelled`). */
  throwIfCancelled(value?: boolean): boolean {
    return currentContext().throwIfCancelled(value);
  },
  /** Give the current coroutine a fresh cancellation state (Asio's `this_coro::reset_cancellation_state`). */
  resetCancellationState(inFilter?: CancellationFilter, outFilter?: CancellationFilter): void {
    currentContext().resetCancellationState(inFilter, outFilter);
  },
});

type CoroutineFunction<R> = (context: CoroutineContext) => PromiseLike<R> | R;

// Overloads rather than one signature with `T = Deferred`: a default type parameter would
// become the contextual type of an arrow-function handler, leaving its parameters untyped.
/**
 * Run an async function (or an awaitable) as a coroutine on `executor` (Asio's `co_spawn`): it
 * starts through a dispatch (inline when already inside `executor`, as Asio's
 * `co_spawn_dispatch`; the system executor's dispatch is always inline), operations it awaits with `useAwaitable`
 * inherit its executor and cancellation, and the token completes with `(err, value)`.
 * Emitting on the slot bound to the token cancels the operation being awaited.
 * Completes with `(err: Error | null, value: R)`: the coroutine's result, or what it threw.
 * Cancellation: terminal by default (per-operation, through the handler's slot, forwarded to the
 * operation the coroutine awaits); `resetCancellationState` lets partial and total in.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, coSpawn, useAwaitable } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * coSpawn(ioc, async () => {
 *   const timer = new SteadyTimer(ioc, 10);
 *   await timer.asyncWait(useAwaitable);
 *   return 42;
 * }, (err, value) => console.log(err, value)); // null 42
 * await ioc.run();
 * ```
 */
export function coSpawn<R>(
  executor: ExecutorOrContext,
  coroutine: CoroutineFunction<R> | PromiseLike<R>,
): DeferredOperation<CoSpawnSignature<Awaited<R>>>;
export function coSpawn<R, T extends CompletionToken<CoSpawnSignature<Awaited<R>>>>(
  executor: ExecutorOrContext,
  coroutine: CoroutineFunction<R> | PromiseLike<R>,
  token: T,
): AsyncResult<T, CoSpawnSignature<Awaited<R>>>;
// For generic callers holding a `token?: T`.
export function coSpawn<R, T = Deferred>(
  executor: ExecutorOrContext,
  coroutine: CoroutineFunction<R> | PromiseLike<R>,
  token?: T,
): AsyncResult<T, CoSpawnSignature<Awaited<R>>>;
export function coSpawn<R, T = Deferred>(
  executor: ExecutorOrContext,
  coroutine: CoroutineFunction<R> | PromiseLike<R>,
  token?: T,
): AsyncResult<T, CoSpawnSignature<Awaited<R>>> {
  const ex = toExecutor('executor', executor);
  let body: CoroutineFunction<R>;
  // A deferred operation is a function with a `then`: an awaitable, not a body.
  const then = (coroutine as PromiseLike<R> | null)?.then;
  if (typeof coroutine === 'function' && typeof then !== 'function') body = coroutine;
  else if (typeof then === 'function') body = () => coroutine as PromiseLike<R>;
  else throw new TypeError(`coroutine must be an async function or an awaitable, got ${describe(coroutine)}`);
  const reportsItself = isDetached(token);
  return asyncInitiate(
    (handler: (err: Error | null, value: Awaited<R>) => void) => {
      const work = new HandlerWork(handler, ex);
      const frame = new CoroutineFrame(ex, getAssociatedCancellationSlot(handler));
      const context = new CoroutineContext(frame);
      frame.context = context;
      const finish = (err: Error | null, value: Awaited<R>): void => {
        frame.detach();
        if (err !== null && reportsItself) {
          // The body may end on a promise while nobody runs the executor (run() rejected): the
          // error goes to the reporter now, and the detached handler gets no error to report.
          reportOrphanErrorFromHere(err);
          err = null;
        }
        work.complete(err, value);
      };
      // Asio's co_spawn_dispatch: already inside `ex`, the body starts here.
      ex.dispatch(() => {
        // Cancelled before it started: the body never runs (Asio's entry point awaits the body,
        // and that await throws when cancellation was requested and throwIfCancelled is on).
        if (frame.throwIfCancelled && frame.cancelled() !== CancellationType.None) {
          finish(makeError(errors.operationAborted, 'the coroutine was cancelled before it started'), undefined as Awaited<R>);
          return;
        }
        let result: Promise<R>;
        frame.enter();
        try {
          result = frames.run(frame, () => {
            const r = body(context);
            // What an async function returns (a plain native promise, its `then` the engine's) is
            // running already: subscribed to as it is, with no second promise.
            if (isPlainPromise(r)) return r;
            // Anything else is subscribed to here, inside the frame: an awaitable given as the
            // coroutine (or returned by the body) starts now, and its operation inherits the
            // executor and cancellation.
            return isThenable(r) ? new Promise<R>((resolve, reject) => void r.then(resolve, reject)) : Promise.resolve(r);
          });
        } catch (e) {
          finish(toError(e), undefined as Awaited<R>);
          return;
        }
        try {
          result.then(
            (value) => finish(null, value as Awaited<R>),
            (e: unknown) => finish(toError(e), undefined as Awaited<R>),
          );
        } catch (e) {
          // A promise that passed for a plain one (a Proxy where the host cannot tell one).
          finish(toError(e), undefined as Awaited<R>);
        }
      });
      work.started();
    },
    token === undefined ? deferred : token,
  ) as AsyncResult<T, CoSpawnSignature<Awaited<R>>>;
}

const promiseThen = Promise.prototype.then;

// Not a Proxy, where the host can tell (the engine's `then` refuses one as its receiver).
function isPlainPromise<R>(x: PromiseLike<R> | R): x is Promise<R> {
  return x instanceof Promise && Object.getPrototypeOf(x) === Promise.prototype && x.then === promiseThen && isProxy?.(x) !== true;
}
