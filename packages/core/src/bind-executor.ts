import type { TokenObject } from './async-result.js';
import { associatedExecutor } from './associations.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { toExecutor, type ExecutorOrContext } from './executor.js';

export type ExecutorBinder<T> = AssociationBinder<T, 'executorBinder'>;

/** What a binder returns: a handler for a handler, a token for a token. */
export type Bound<T, B> = T extends TokenObject ? B : T;

/** Asio's `bind_executor`: the handler will run through `executor`. */
export function bindExecutor<T>(executor: ExecutorOrContext, token: T): Bound<T, ExecutorBinder<T>> {
  const ex = toExecutor('executor', executor);
  return bindToken('executorBinder', token, associatedExecutor, ex) as Bound<T, ExecutorBinder<T>>;
}
