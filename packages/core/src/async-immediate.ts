import { asyncInitiate, type AsyncResult, type CompletionToken } from './async-result.js';
import { deferred, type Deferred, type DeferredOperation } from './deferred.js';
import { HandlerWork } from './handler-work.js';
import { toExecutor, type Executor, type ExecutorOrContext } from './executor.js';

/**
 * A trivial operation that completes at once (Asio's `async_immediate`): the handler is delivered
 * through its associated immediate executor, by default a post to `executor`. Completes with
 * `()`. Not cancellable.
 *
 * @example
 * ```ts
 * import { IoContext, asyncImmediate } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * asyncImmediate(ioc, () => console.log('second: never inside the call'));
 * console.log('first');
 * await ioc.run();
 * ```
 */
export function asyncImmediate(executor: ExecutorOrContext, token?: undefined): DeferredOperation<[]>;
export function asyncImmediate<T extends CompletionToken<[]> = Deferred>(executor: ExecutorOrContext, token?: T): AsyncResult<T, []>;
export function asyncImmediate<T>(executor: ExecutorOrContext, token?: T): AsyncResult<T, []> {
  const ex = toExecutor('executor', executor);
  return asyncInitiate(initiateImmediate, token === undefined ? deferred : token, ex) as AsyncResult<T, []>;
}

// One function for every call (the executor comes as an argument): no closure per operation.
function initiateImmediate(handler: () => void, ex: Executor): void {
  new HandlerWork(handler, ex).complete();
}
