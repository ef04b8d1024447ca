import { associatedImmediateExecutor } from './associations.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { deferred, type Deferred } from './deferred.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { toExecutor, type ExecutorOrContext } from './executor.js';

/** The token `bindImmediateExecutor` returns for a token object `T` (Asio's `immediate_executor_binder`). */
export type ImmediateExecutorBinder<T> = AssociationBinder<T, 'immediateExecutorBinder'>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    immediateExecutorBinder: BinderResult<S, T>;
  }
}

/**
 * Asio's `bind_immediate_executor`: when the operation completes inside its initiating function,
 * the handler is delivered through `executor` (bind `inlineExecutor` to allow recursion). The
 * completion signature and cancellation are the operation's own. Without a token (Asio's
 * partial `bind_immediate_executor(ex)`), it binds the default token, `deferred`.
 *
 * @example
 * ```ts
 * import { SteadyTimer, bindImmediateExecutor, inlineExecutor, systemExecutor } from '@asio-ts/core';
 *
 * const expired = new SteadyTimer(systemExecutor); // expiry 0: already expired
 * expired.asyncWait(bindImmediateExecutor(inlineExecutor, () => console.log('first')));
 * console.log('second'); // the wait completed inside asyncWait
 * ```
 */
export function bindImmediateExecutor(executor: ExecutorOrContext): ImmediateExecutorBinder<Deferred>;
export function bindImmediateExecutor<T>(executor: ExecutorOrContext, token: T): Bound<T, ImmediateExecutorBinder<T>>;
export function bindImmediateExecutor(executor: ExecutorOrContext, token: unknown = deferred): unknown {
  const ex = toExecutor('executor', executor);
  return bindToken('immediateExecutorBinder', token, associatedImmediateExecutor, ex);
}
