// The reason of the AbortSignal abort being delivered right now, so that an operationAborted
// error made meanwhile (an operation's cancellation handler running inside
// `controller.abort(reason)`) takes it as its `cause`, as Node's AbortError does.
import { depthEnter, depthLeave } from './emit-depth.js';

let current: unknown = undefined;

export function currentAbortReason(): unknown {
  return current;
}

/**
 * Run `deliver` (the bridge handing an abort to the operations waiting on a signal) with `reason`
 * current, as a cancellation's emit: a completion inside it is queued (HandlerWork), never run
 * inside `controller.abort()`, as `CancellationSignal.emit` ensures.
 */
export function withAbortReason(reason: unknown, deliver: () => void): void {
  const outer = current;
  current = reason;
  depthEnter();
  try {
    deliver();
  } finally {
    depthLeave();
    current = outer;
  }
}
