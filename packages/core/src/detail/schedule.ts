import { associatedExecutorOf } from './associated.js';
import type { Executor } from '../executor.js';

export type Method = 'post' | 'dispatch' | 'defer';

/**
 * Schedule a nullary handler on `executor` by `method`, then run it through its own associated
 * executor, holding work there meanwhile (Asio's initiate_post/dispatch/defer_with_executor).
 * `associationsOf` is what carries the associations when `handler` is a wrapper around the real
 * handler (Asio's binder forwarding its handler's associated executor).
 */
export function schedule(method: Method, executor: Executor, handler: () => void, associationsOf: unknown = handler): void {
  const target = associatedExecutorOf(associationsOf, executor);
  if (target === executor) {
    executor[method](handler);
    return;
  }
  target.onWorkStarted();
  executor[method](() => {
    // Released even when the handler throws (Asio's work_dispatcher releases in its destructor),
    // or the target's context would wait forever for work that is gone.
    try {
      target.dispatch(handler);
    } finally {
      target.onWorkFinished();
    }
  });
}
