import type { AsyncResult } from './async-result.js';
import type { Deferred } from './deferred.js';
import { scheduleFunction } from './detail/schedule-function.js';
import type { ExecutorOrContext } from './executor.js';

/** Run the handler at once if already running inside `executor`, else queue it (Asio's `dispatch`: the one initiating function whose handler may run inside it). */
export function dispatch<T = Deferred>(executor: ExecutorOrContext, token?: T): AsyncResult<T, []>;
export function dispatch<T>(token: T): AsyncResult<T, []>;
export function dispatch(first: unknown, second?: unknown): unknown {
  return scheduleFunction('dispatch', first, second);
}
