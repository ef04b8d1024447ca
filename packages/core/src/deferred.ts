import {
  asyncResult,
  tokenKind,
  type AsyncResult,
  type CompletionToken,
  type Handler,
  type Initiation,
  type ResultValue,
  type Signature,
  type TokenObject,
} from './async-result.js';
import { withAssociationsOf } from './associations.js';
import { checkFunction, describe } from './detail/check.js';
import { deferredLaunch } from './detail/deferred-launch.js';
import { callInitiation, type AnyInitiation } from './detail/initiate.js';
import { HandlerWork } from './handler-work.js';
import type { LazyPromise } from './lazy-promise.js';
import { systemExecutor } from './system-executor.js';

declare const signatureOf: unique symbol;

/**
 * An operation packaged for later (Asio's `deferred_async_operation`): call it with any token,
 * once, to launch it; or `await` it, which launches it as `useFuture` would. Calling it with no
 * token is calling it with `deferred` (the default token), which hands the launch on to the
 * returned deferred operation.
 *
 * @example
 * ```ts
 * import { SteadyTimer, systemExecutor, type DeferredOperation, type TimerWaitSignature } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 10);
 * const op: DeferredOperation<TimerWaitSignature> = timer.asyncWait(); // nothing started yet
 * op((err) => console.log('expired', err)); // launched now, with a callback: expired null
 * await new SteadyTimer(systemExecutor, 10).asyncWait(); // or: awaited, which launches it
 * ```
 */
export interface DeferredOperation<S extends Signature> extends PromiseLike<ResultValue<S>> {
  // `token?: undefined`, not `()`: a function of no parameters would pass for a handler of S.
  (token?: undefined): DeferredOperation<S>;
  <T extends CompletionToken<S>>(token: T): AsyncResult<T, S>;
  /** Launch it (the first time) and settle as a promise would; returns a `LazyPromise`. */
  then<A = ResultValue<S>, B = never>(
    onFulfilled?: ((value: ResultValue<S>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): LazyPromise<A | B>;
  /** Type-level only: the completion signature. */
  readonly [signatureOf]?: S;
}

/** The completion signature of a deferred operation type, e.g. `[err: SystemError | null]`. */
export type DeferredSignature<D> = D extends { readonly [signatureOf]?: infer S extends Signature } ? S : never;

/**
 * Package an initiation and its arguments as a deferred operation (Asio's
 * `deferred_async_operation`): launching it with a token is `asyncInitiate(initiation, token,
 * ...args)`. It completes with the initiation's handler signature `S`; its cancellation is what
 * the initiation implements.
 *
 * @example
 * ```ts
 * import { HandlerWork, makeDeferredOperation, systemExecutor } from '@asio-ts/core';
 *
 * const add = makeDeferredOperation((handler: (err: null, sum: number) => void, a: number, b: number) => {
 *   new HandlerWork(handler, systemExecutor).complete(null, a + b);
 * }, 2, 3);
 * console.log(await add); // 5
 * ```
 */
export function makeDeferredOperation<S extends Signature, A extends unknown[] = []>(initiation: Initiation<S, A>, ...args: A): DeferredOperation<S> {
  checkFunction('initiation', initiation);
  return newDeferredOperation<S>(initiation, args);
}

/** `makeDeferredOperation` for the library, which already holds the arguments as an array. */
function newDeferredOperation<S extends Signature>(initiation: AnyInitiation, args: readonly unknown[]): DeferredOperation<S> {
  return deferredLaunch(initiation, args) as DeferredOperation<S>;
}

/**
 * `deferred(fn)`: a token that chains (Asio's `deferred_function`) — when the first operation
 * completes, `fn` gets its results and returns the next deferred operation, whose completion is
 * the sequence's. The initiating function returns the sequence as a deferred operation.
 *
 * @example
 * ```ts
 * import { SteadyTimer, deferred, systemExecutor, type SystemError } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 10);
 * const twice = timer.asyncWait(deferred((err: SystemError | null) => {
 *   if (err !== null) return deferred.values(err);
 *   timer.expiresAfter(10);
 *   return timer.asyncWait();
 * }));
 * await twice; // about 20 ms: two waits in sequence
 * ```
 */
export class DeferredFunction<F extends (...args: never[]) => DeferredOperation<Signature>>
  implements TokenObject<'deferredFunction'>
{
  /** The token's `CompletionTokenTypes` entry: `'deferredFunction'`. */
  readonly [tokenKind] = 'deferredFunction' as const;
  /** The step that makes the next operation from the results of the previous one. */
  readonly fn: F;

  /** A chaining token for `fn`; prefer `deferred(fn)`. */
  constructor(fn: F) {
    checkFunction('fn', fn);
    this.fn = fn;
  }

  /** The token protocol: returns the sequence, not yet launched. */
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): DeferredOperation<Signature> {
    return newDeferredOperation(launchChain, [this.fn, initiation, args]);
  }
}

/**
 * The initiation of a `deferred(fn)` sequence: launch the first operation with a handler that
 * passes its results to `fn` and launches the operation `fn` returns with the final handler.
 */
function launchChain(finalHandler: Handler<Signature>, fn: (...args: unknown[]) => unknown, initiation: AnyInitiation, args: readonly unknown[]): void {
  const first = withAssociationsOf((...results: unknown[]) => {
    const next = fn(...results);
    if (typeof next !== 'function') {
      throw new TypeError(`fn must return a deferred operation, got ${typeof next}`);
    }
    (next as (token: unknown) => unknown)(finalHandler);
  }, finalHandler);
  callInitiation(initiation, first, args);
}

/** The initiation of `deferred.values(...values)`: an immediate completion with `values`. */
function completeWithValues(handler: Handler<Signature>, values: readonly unknown[]): void {
  new HandlerWork(handler, systemExecutor).complete(...values);
}

/** The initiation of `deferred.when(...)`: launch the chosen operation with the handler. */
function launchChosen(handler: Handler<Signature>, chosen: (token: unknown) => unknown): void {
  chosen(handler);
}

/** What an initiating function returns for a `deferred(fn)` token `T`: the last step's operation. */
export type DeferredFunctionResult<T> = T extends DeferredFunction<infer F> ? DeferredOperation<DeferredSignature<ReturnType<F>>> : never;

// Registers the return type of `deferred` and `deferred(fn)` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    deferred: DeferredOperation<S>;
    deferredFunction: DeferredFunctionResult<T>;
  }
}

/** The `deferred` token: a function that makes chaining tokens, with helpers. */
export interface Deferred extends TokenObject<'deferred'> {
  <F extends (...args: never[]) => DeferredOperation<Signature>>(fn: F): DeferredFunction<F>;
  /**
   * A deferred operation that completes with `values` (Asio's `deferred.values`), delivered as
   * an immediate completion (never inside the launching call). Not cancellable.
   *
   * @example
   * ```ts
   * import { deferred } from '@asio-ts/core';
   *
   * const [name, port] = await deferred.values('localhost', 8080);
   * console.log(name, port); // localhost 8080
   * ```
   */
  values<V extends unknown[]>(...values: V): DeferredOperation<V>;
  /**
   * Choose between two deferred operations when the sequence reaches this point (Asio's
   * `deferred.when(c).then(a).otherwise(b)`); the chosen one completes the sequence.
   *
   * @example
   * ```ts
   * import { SteadyTimer, deferred, systemExecutor, type SystemError } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, 10);
   * const outcome = await timer.asyncWait(deferred((err: SystemError | null) =>
   *   deferred.when(err === null).then(deferred.values('expired')).otherwise(deferred.values('cancelled'))));
   * console.log(outcome); // expired
   * ```
   */
  when(condition: boolean): {
    then<A extends Signature>(onTrue: DeferredOperation<A>): {
      otherwise<B extends Signature>(onFalse: DeferredOperation<B>): DeferredOperation<A | B>;
    };
  };
}

function deferredToken<F extends (...args: never[]) => DeferredOperation<Signature>>(fn: F): DeferredFunction<F> {
  checkFunction('fn', fn);
  return new DeferredFunction(fn);
}

/**
 * Asio's `deferred` (and the default token when one is omitted): the initiating function
 * returns a `DeferredOperation` instead of starting anything. Launch it later with any token, or
 * await it; `deferred(fn)` chains, `deferred.values` and `deferred.when` build sequences.
 *
 * @example
 * ```ts
 * import { SteadyTimer, deferred, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 10);
 * const op = timer.asyncWait(deferred); // the same as timer.asyncWait()
 * await op(useFuture); // launched here
 * ```
 */
export const deferred: Deferred = Object.assign(deferredToken, {
  [tokenKind]: 'deferred' as const,
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): DeferredOperation<S> {
    return newDeferredOperation<S>(initiation, args);
  },
  values<V extends unknown[]>(...values: V): DeferredOperation<V> {
    return newDeferredOperation<V>(completeWithValues, [values]);
  },
  when(condition: boolean) {
    if (typeof condition !== 'boolean') throw new TypeError(`condition must be a boolean, got ${describe(condition)}`);
    return {
      then<A extends Signature>(onTrue: DeferredOperation<A>) {
        return {
          otherwise<B extends Signature>(onFalse: DeferredOperation<B>): DeferredOperation<A | B> {
            checkFunction('onTrue', onTrue);
            checkFunction('onFalse', onFalse);
            return newDeferredOperation<A | B>(launchChosen, [condition ? onTrue : onFalse]);
          },
        };
      },
    };
  },
}) as unknown as Deferred;
