import type { Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { checkFunction } from './detail/check.js';
import { batchLimit, FunctionQueue, scheduleMacrotask } from './detail/host.js';

const queue = new FunctionQueue();
let scheduled = false;

function drain(): void {
  scheduled = false;
  let n = 0;
  try {
    while (n++ < batchLimit) {
      const fn = queue.shift();
      if (fn === undefined) break;
      fn();
    }
  } finally {
    // A handler that throws surfaces on the host (Node's 'uncaughtException'); the rest still run.
    if (queue.length > 0) schedule();
  }
}

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    scheduleMacrotask(drain);
  }
}

/**
 * The host event loop as an executor (Asio's `system_executor`): `post` queues onto a macrotask
 * (drained in bounded batches), `dispatch` runs at once. It tracks no work: the host keeps itself
 * alive while it has I/O to do.
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
