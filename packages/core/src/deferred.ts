import {
  asyncInitiate,
  asyncResult,
  checkToken,
  tokenKind,
  type AsyncResult,
  type CompletionToken,
  type Handler,
  type ResultValue,
  type Signature,
  type Start,
  type TokenObject,
} from './async-result.js';
import { withAssociationsOf } from './associations.js';
import { checkFunction, describe } from './detail/check.js';
import { HandlerWork } from './handler-work.js';
import { systemExecutor } from './system-executor.js';
import { addWaiter, makeWaiter, react, reactAll, type Reaction, type Waiters } from './detail/reactions.js';

declare const signatureOf: unique symbol;

/**
 * An operation packaged for later (Asio's `deferred_async_operation`): call it with any token,
 * once, to launch it; or `await` it, which launches it as `useFuture` would. Calling it with no
 * token is calling it with `deferred` (the default token), which hands the launch on to the
 * returned deferred operation.
 */
export interface DeferredOperation<S extends Signature> extends PromiseLike<ResultValue<S>> {
  (): DeferredOperation<S>;
  <T extends CompletionToken<S>>(token: T): AsyncResult<T, S>;
  /** Type-level only: the completion signature. */
  readonly [signatureOf]?: S;
}

/** The completion signature of a deferred operation type. */
export type DeferredSignature<D> = D extends { readonly [signatureOf]?: infer S extends Signature } ? S : never;

/** Package `start` as a deferred operation. */
export function makeDeferredOperation<S extends Signature>(start: Start<S>): DeferredOperation<S> {
  checkFunction('start', start);
  let launched = false;
  const op = function deferredOperation(token?: unknown): unknown {
    if (launched) throw new TypeError('token: this deferred operation was already launched (a deferred operation runs once)');
    if (token === undefined) token = deferred;
    // A call with an unusable token is a programmer error that must not use up the operation.
    else checkToken('token', token);
    launched = true;
    return asyncInitiate(start, token);
  } as ((token?: unknown) => unknown) & { then: Then };
  // `await op` launches it with a plain handler that settles the awaiting callbacks directly.
  let result: unknown[] | undefined;
  let waiters: Waiters;
  let launching = false;
  const flush = (): void => {
    const all = waiters;
    waiters = undefined;
    reactAll(all, result!);
  };
  op.then = (onFulfilled, onRejected) => {
    const waiter = makeWaiter(onFulfilled, onRejected);
    if (result !== undefined) {
      // Reactions always run asynchronously (Promises/A+ 2.2.4), also once the result is in.
      const args = result;
      queueMicrotask(() => react(waiter, args));
    } else if (waiters === undefined) {
      waiters = waiter;
      launching = true;
      try {
        op(((...args: unknown[]) => {
          if (result !== undefined) return; // the first outcome stands
          result = args;
          // A handler run during the launch (`dispatch` on the current executor) still reacts
          // after `then` returned.
          if (launching) queueMicrotask(flush);
          else flush();
        }) as never);
      } catch (e) {
        // Already launched with a token (or the launch threw): no waiter is left behind that
        // could never settle, unless the handler already delivered an outcome.
        if (result === undefined) {
          waiters = undefined;
          throw e;
        }
      } finally {
        launching = false;
      }
    } else waiters = addWaiter(waiters, waiter);
    return waiter.promise;
  };
  return op as unknown as DeferredOperation<S>;
}

type Then = (onFulfilled?: Reaction, onRejected?: Reaction) => Promise<unknown>;

/**
 * `deferred(fn)`: a token that chains — when the first operation completes, `fn` gets its
 * results and returns the next deferred operation, whose completion is the sequence's.
 */
export class DeferredFunction<F extends (...args: never[]) => DeferredOperation<Signature>>
  implements TokenObject<'deferredFunction'>
{
  readonly [tokenKind] = 'deferredFunction' as const;
  readonly fn: F;

  constructor(fn: F) {
    checkFunction('fn', fn);
    this.fn = fn;
  }

  [asyncResult]<S extends Signature>(start: Start<S>): DeferredOperation<Signature> {
    const fn = this.fn as unknown as (...args: unknown[]) => unknown;
    return makeDeferredOperation((finalHandler: Handler<Signature>) => {
      const first = withAssociationsOf((...results: unknown[]) => {
        const next = fn(...results);
        if (typeof next !== 'function') {
          throw new TypeError(`fn must return a deferred operation, got ${typeof next}`);
        }
        (next as (token: unknown) => unknown)(finalHandler);
      }, finalHandler);
      (start as unknown as Start<Signature>)(first);
    });
  }
}

/** The `deferred` token: a function that makes chaining tokens, with helpers. */
export interface Deferred extends TokenObject<'deferred'> {
  <F extends (...args: never[]) => DeferredOperation<Signature>>(fn: F): DeferredFunction<F>;
  /** A deferred operation that completes with `values` (delivered as an immediate completion). */
  values<V extends unknown[]>(...values: V): DeferredOperation<V>;
  /** Choose between two deferred operations when the sequence reaches this point. */
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
 * returns a `DeferredOperation` instead of starting anything.
 */
export const deferred: Deferred = Object.assign(deferredToken, {
  [tokenKind]: 'deferred' as const,
  [asyncResult]<S extends Signature>(start: Start<S>): DeferredOperation<S> {
    return makeDeferredOperation(start);
  },
  values<V extends unknown[]>(...values: V): DeferredOperation<V> {
    return makeDeferredOperation<V>((handler) => {
      new HandlerWork(handler, systemExecutor).complete(...values);
    });
  },
  when(condition: boolean) {
    if (typeof condition !== 'boolean') throw new TypeError(`condition must be a boolean, got ${describe(condition)}`);
    return {
      then<A extends Signature>(onTrue: DeferredOperation<A>) {
        return {
          otherwise<B extends Signature>(onFalse: DeferredOperation<B>): DeferredOperation<A | B> {
            checkFunction('onTrue', onTrue);
            checkFunction('onFalse', onFalse);
            return makeDeferredOperation<A | B>((handler) => {
              const chosen = (condition ? onTrue : onFalse) as unknown as (token: unknown) => unknown;
              chosen(handler);
            });
          },
        };
      },
    };
  },
}) as unknown as Deferred;
