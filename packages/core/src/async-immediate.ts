import { asyncInitiate, type AsyncResult } from './async-result.js';
import { deferred, type Deferred } from './deferred.js';
import { HandlerWork } from './detail/handler-work.js';
import { toExecutor, type ExecutorOrContext } from './executor.js';

/**
 * A trivial operation that completes at once (Asio's `async_immediate`): the handler is delivered
 * through its associated immediate executor, by default a post to `executor`.
 */
export function asyncImmediate<T = Deferred>(executor: ExecutorOrContext, token?: T): AsyncResult<T, []> {
  const ex = toExecutor('executor', executor);
  return asyncInitiate(
    (handler: () => void) => new HandlerWork(handler, ex).completeImmediately(handler, handler),
    token === undefined ? deferred : token,
  ) as AsyncResult<T, []>;
}
