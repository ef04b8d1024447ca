import type { Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { checkFunction } from './detail/check.js';
import { inCoroutineFrame, outsideCoroutines } from './detail/frame-storage.js';
import { countHandlers, FunctionQueue, hostBudget, scheduleDrain, surfaceUncaught } from './detail/host.js';

const queue = new FunctionQueue();
let scheduled = false;

function drain(): void {
  // Handlers posted from anywhere run in no coroutine's frame (see outsideCoroutines). Asked
  // here rather than around the loop: a wrapper made the loop dearer (docs/performance.md).
  if (inCoroutineFrame()) return outsideCoroutines(drain);
  scheduled = false;
  try {
    // Up to the host's budget (shared with every other queue, see detail/host.ts); the rest goes
    // to a later drain, on a macrotask once the budget is spent.
    while (hostBudget() > 0) {
      const fn = queue.shift();
      if (fn === undefined) break;
      countHandlers(1);
      fn();
    }
  } catch (e) {
    // A handler that throws surfaces on the host (Node's 'uncaughtException'), first; the rest
    // still run, after it.
    surfaceUncaught(e);
  }
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    scheduleDrain(drain);
  }
}

/**
 * The host event loop as an executor (Asio's `system_executor`): `post` and `defer` queue the
 * function, FIFO, to run on a microtask while the host had a macrotask turn recently and on a
 * macrotask once 1,024 handlers ran without one (`detail/host.ts`); `dispatch` runs at once. It
 * tracks no work: the host keeps itself alive while it has I/O to do. It is the executor of
 * handlers that have none associated.
 *
 * @example
 * ```ts
 * import { post, systemExecutor } from '@asio-ts/core';
 *
 * post(systemExecutor, () => console.log('second'));
 * console.log('first');
 * systemExecutor.dispatch(() => console.log('inline, before "second"'));
 * ```
 */
export const systemExecutor: Executor = Object.freeze(brandExecutor({
  post(fn: () => void): void {
    checkFunction('fn', fn);
    queue.push(fn);
    schedule();
  },
  defer(fn: () => void): void {
    checkFunction('fn', fn);
    queue.push(fn);
    schedule();
  },
  dispatch(fn: () => void): void {
    checkFunction('fn', fn);
    fn();
  },
  onWorkStarted(): void {},
  onWorkFinished(): void {},
  runningInThisThread(): boolean {
    return true;
  },
}));
