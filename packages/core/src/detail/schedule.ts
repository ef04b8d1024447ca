import { getAssociatedExecutor } from '../associations.js';
import type { Executor } from '../executor.js';

type Method = 'post' | 'dispatch' | 'defer';

/**
 * Schedule a nullary handler on `executor` by `method`, then run it through its own associated
 * executor, holding work there meanwhile (Asio's initiate_post/dispatch/defer_with_executor).
 */
export function schedule(method: Method, executor: Executor, handler: () => void): void {
  const target = getAssociatedExecutor(handler, executor);
  if (target === executor) {
    executor[method](handler);
    return;
  }
  target.onWorkStarted();
  executor[method](() => {
    target.dispatch(handler);
    target.onWorkFinished();
  });
}
