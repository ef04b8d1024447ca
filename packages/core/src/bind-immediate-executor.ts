import { associatedImmediateExecutor } from './associations.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { deferred, type Deferred } from './deferred.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { toExecutor, type ExecutorOrContext } from './executor.js';

export type ImmediateExecutorBinder<T> = AssociationBinder<T, 'immediateExecutorBinder'>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    immediateExecutorBinder: BinderResult<S, T>;
  }
}

/**
 * Asio's `bind_immediate_executor`: when the operation completes inside its initiating function,
 * the handler is delivered through `executor` (bind `inlineExecutor` to allow recursion). Without
 * a token (Asio's partial `bind_immediate_executor(ex)`), it binds the default token, `deferred`.
 */
export function bindImmediateExecutor(executor: ExecutorOrContext): ImmediateExecutorBinder<Deferred>;
export function bindImmediateExecutor<T>(executor: ExecutorOrContext, token: T): Bound<T, ImmediateExecutorBinder<T>>;
export function bindImmediateExecutor(executor: ExecutorOrContext, token: unknown = deferred): unknown {
  const ex = toExecutor('executor', executor);
  return bindToken('immediateExecutorBinder', token, associatedImmediateExecutor, ex);
}
