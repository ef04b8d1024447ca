import type { AsyncResult, InnerToken, Signature, TokenObject } from './async-result.js';
import { associatedExecutor } from './associations.js';
import { deferred, type Deferred } from './deferred.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { toExecutor, type ExecutorOrContext } from './executor.js';

/** The token `bindExecutor` returns for a token object `T` (Asio's `executor_binder`). */
export type ExecutorBinder<T> = AssociationBinder<T, 'executorBinder'>;

/** What a binder returns: a handler for a handler, a token for a token (or for no token, `deferred`). */
export type Bound<T, B> = [T] extends [undefined] ? B : T extends TokenObject ? B : T;

/** What an initiating function with signature `S` returns for a binder token `T`: the inner token's result. */
export type BinderResult<S extends Signature, T> = AsyncResult<InnerToken<T>, S>;

// Registers the return type of `bindExecutor` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    executorBinder: BinderResult<S, T>;
  }
}

/**
 * Asio's `bind_executor`: the handler will run through `executor`. Bound to a function, returns
 * a handler; bound to a token object, a token. The completion signature and cancellation are
 * the operation's own. Without a token (Asio's partial `bind_executor(ex)`), it binds the
 * default token, `deferred`.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, bindExecutor, makeStrand, systemExecutor } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const strand = makeStrand(ioc);
 * const timer = new SteadyTimer(systemExecutor, 10);
 * timer.asyncWait(bindExecutor(strand, (err) => console.log('on the strand:', strand.runningInThisThread(), err))); // on the strand: true null
 * await ioc.run();
 * ```
 */
export function bindExecutor(executor: ExecutorOrContext): ExecutorBinder<Deferred>;
export function bindExecutor<T>(executor: ExecutorOrContext, token: T): Bound<T, ExecutorBinder<T>>;
export function bindExecutor(executor: ExecutorOrContext, token: unknown = deferred): unknown {
  const ex = toExecutor('executor', executor);
  return bindToken('executorBinder', token, associatedExecutor, ex);
}
