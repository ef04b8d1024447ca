import { asyncResult, tokenKind, type Initiation, type ResultValue, type Signature, type TokenObject } from './async-result.js';
import { associatedCancellationSlot, associatedExecutor, withAssociation } from './associations.js';
import { CancellationType } from './cancellation-type.js';
import { frames, type CoroutineFrame } from './detail/coroutine-frame.js';
import { callInitiation, type AnyInitiation } from './detail/initiate.js';
import { addWaiter, makeWaiter, reactAll, rejectAll, type Reaction, type Waiters } from './detail/reactions.js';
import { errors, makeError } from './errors.js';
import type { LazyPromise } from './lazy-promise.js';

/**
 * A lazy awaitable operation (what `useAwaitable` makes an initiating function return): nothing
 * starts until it is first awaited (its `then` is first called), and it starts only once. Inside
 * a `coSpawn`ed coroutine it inherits the coroutine's executor and cancellation.
 *
 * @example
 * ```ts
 * import { SteadyTimer, coSpawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
 *
 * const result = coSpawn(systemExecutor, async () => {
 *   const timer = new SteadyTimer(systemExecutor, 10);
 *   const wait = timer.asyncWait(useAwaitable); // an Awaitable: nothing has started
 *   await wait; // starts here, cancellable through the coroutine
 *   return 'expired';
 * }, useFuture);
 * console.log(await result); // expired
 * ```
 */
export class Awaitable<V> implements PromiseLike<V> {
  // The initiation and its arguments, kept as they are (no closure binding them).
  // Declared and set in the constructor: one is made per `await`, and field initializers or
  // `#` members cost an initializer call each.
  // Not named `initiation`/`args`: spawn tells a yielded operation request by those names.
  private declare readonly launchInitiation: AnyInitiation;
  private declare readonly launchArgs: readonly unknown[];
  private declare readonly frame: CoroutineFrame | undefined;
  private declare launched: boolean;
  private declare launching: boolean;
  /** The handler's arguments once it ran, or the reason the launch failed. */
  private declare result: unknown[] | undefined;
  private declare failed: boolean;
  private declare waiters: Waiters;

  /** @internal */
  constructor(initiation: AnyInitiation, args: readonly unknown[], frame: CoroutineFrame | undefined) {
    this.launchInitiation = initiation;
    this.launchArgs = args;
    this.frame = frame;
    this.launched = false;
    this.launching = false;
    this.result = undefined;
    this.failed = false;
    this.waiters = undefined;
  }

  /**
   * Start the operation (on the first call only) and settle as a promise would: fulfilled with
   * its value, rejected with the error in its first slot (Asio's `co_await` of an `awaitable`).
   * Inside a coroutine whose cancellation was requested, rejects with operationAborted at once
   * (unless `throwIfCancelled(false)`). Returns a `LazyPromise`, which makes its promise only
   * when used (`await` never does).
   *
   * @example
   * ```ts
   * import { SteadyTimer, systemExecutor, useAwaitable } from '@asio-ts/core';
   *
   * const wait = new SteadyTimer(systemExecutor, 10).asyncWait(useAwaitable);
   * wait.then(() => console.log('expired'), (err: unknown) => console.log('failed', err)); // expired
   * ```
   */
  then<A = V, B = never>(
    onFulfilled?: ((value: V) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): LazyPromise<A | B> {
    // The handler settles the callers directly: no promise of our own to chain through.
    const waiter = makeWaiter(onFulfilled as Reaction, onRejected as Reaction);
    this.waiters = addWaiter(this.waiters, waiter);
    if (!this.launched) {
      this.launched = true;
      this.launch();
    } else if (this.result !== undefined) this.settleLater();
    return waiter as LazyPromise<A | B>;
  }

  private launch(): void {
    // An explicit frame of a coroutine that ended binds nothing, as one found implicitly (frames.current()).
    const frame = this.frame?.ended === true ? undefined : (this.frame ?? frames.current());
    if (frame === undefined && !frames.implicit) {
      // Without AsyncLocalStorage an `await` launches on a later microtask, where no coroutine is
      // known: run unbound, the operation could not be cancelled, so refuse it (see notTiedError).
      this.fail(notTiedError());
      return;
    }
    if (frame !== undefined && frame.throwIfCancelled && frame.cancelled() !== CancellationType.None) {
      this.fail(makeError(errors.operationAborted, 'the coroutine was cancelled'));
      return;
    }
    const signal = frame?.begin() ?? null;
    const handler = (...args: unknown[]): void => {
      frame?.end(signal);
      if (this.result !== undefined) return; // the first outcome stands
      this.result = args;
      // A handler run during the launch (`dispatch` on the current executor) still reacts after
      // `then` returned.
      if (this.launching) {
        this.settleLater();
        return;
      }
      const waiters = this.waiters;
      this.waiters = undefined;
      reactAll(waiters, args);
    };
    if (frame !== undefined) {
      withAssociation(handler, null, associatedExecutor, frame.executor);
      if (signal !== null) withAssociation(handler, null, associatedCancellationSlot, signal.slot());
    }
    this.launching = true;
    try {
      callInitiation(this.launchInitiation, handler, this.launchArgs);
    } catch (e) {
      frame?.end(signal);
      // The initiation's programmer error is the outcome, as `op(useFuture)` throws it to its
      // caller: also over a result the handler delivered inside the launch (whose settling,
      // queued, reads the failure instead).
      this.result = undefined;
      this.fail(e);
    } finally {
      this.launching = false;
    }
  }

  /** The launch failed inside `then`: settle the callers, asynchronously (Promises/A+ 2.2.4). */
  private fail(reason: unknown): void {
    if (this.result !== undefined) return; // the first outcome stands
    this.result = [reason];
    this.failed = true;
    this.settleLater();
  }

  private settleLater(): void {
    queueMicrotask(() => {
      const waiters = this.waiters;
      this.waiters = undefined;
      const result = this.result!;
      if (!this.failed) reactAll(waiters, result);
      else rejectAll(waiters, result[0]);
    });
  }
}

function notTiedError(): TypeError {
  return new TypeError(
    'useAwaitable is not tied to a coroutine here: on hosts without AsyncLocalStorage use ctx.useAwaitable ' +
      '(the coroutine context coSpawn passes to your function); outside a coroutine, await the operation ' +
      'without a token (deferred) or with useFuture',
  );
}

// `yield* op(..., useAwaitable)` inside spawn (or coComposed) would fail with the engine's
// "is not iterable". Defined here rather than as a class member, so TypeScript keeps refusing
// `yield*` on an Awaitable at compile time.
Object.defineProperty(Awaitable.prototype, Symbol.iterator, {
  configurable: true,
  writable: true,
  value: function awaitableIsNotIterable(): never {
    throw new TypeError(
      'an Awaitable (useAwaitable) cannot be used with yield*: useAwaitable is for `await` inside coSpawn; ' +
        'inside spawn pass the yield context instead: yield* op(..., y); inside coComposed: yield* state.wait(op(...))',
    );
  },
});

/** Makes an initiating function return a lazy `Awaitable` (Asio's `use_awaitable`). */
export interface UseAwaitable extends TokenObject<'useAwaitable'> {
  /** @internal The coroutine the explicit form (`ctx.useAwaitable`) is bound to. */
  readonly frame?: unknown;
}

class UseAwaitableToken implements UseAwaitable {
  readonly [tokenKind] = 'useAwaitable' as const;
  readonly frame?: CoroutineFrame;

  constructor(frame?: CoroutineFrame) {
    if (frame !== undefined) this.frame = frame;
  }

  // The initiation and its arguments are kept as they are, until the first `await`.
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): Awaitable<ResultValue<S>> {
    return new Awaitable<ResultValue<S>>(initiation, args, this.frame);
  }
}

/** What an initiating function with signature `S` returns for `useAwaitable`. */
export type AwaitableResult<S extends Signature> = Awaitable<ResultValue<S>>;

// Registers the return type of `useAwaitable` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    useAwaitable: AwaitableResult<S>;
  }
}

/**
 * The token that makes an initiating function return a lazy `Awaitable` (Asio's `use_awaitable`),
 * for `await` inside a `coSpawn` coroutine: the operation starts when awaited, on the
 * coroutine's executor, and the coroutine's cancellation reaches it (found through
 * AsyncLocalStorage; where the host has none, use the context's `ctx.useAwaitable`). Awaiting
 * rejects with the error in the first slot.
 *
 * @example
 * ```ts
 * import { IoContext, coSpawn, useAwaitable, useFuture } from '@asio-ts/core';
 * import { TestStream, asyncWrite } from '@asio-ts/io';
 *
 * const ioc = new IoContext();
 * const stream = new TestStream(ioc);
 * const sent = coSpawn(ioc, async () => {
 *   let total = 0;
 *   for (const line of ['one\n', 'two\n']) total += await asyncWrite(stream, new TextEncoder().encode(line), useAwaitable);
 *   return total;
 * }, useFuture);
 * await ioc.run();
 * console.log(await sent); // 8
 * ```
 */
export const useAwaitable: UseAwaitable = Object.freeze(new UseAwaitableToken());

/** @internal A useAwaitable token bound to one coroutine (the explicit form). */
export function useAwaitableIn(frame: CoroutineFrame): UseAwaitable {
  return Object.freeze(new UseAwaitableToken(frame));
}
