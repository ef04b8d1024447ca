import { describe } from './detail/check.js';
import { executorBrand } from './detail/executor-brand.js';

/**
 * Where and how handlers run (Asio's executor concept, reduced to what JavaScript needs).
 *
 * - `post` queues `fn` to run later, never inside the call.
 * - `defer` is `post` for a continuation of the current handler.
 * - `dispatch` runs `fn` at once when already running inside this executor, else posts it.
 * - `onWorkStarted`/`onWorkFinished` count outstanding work (an `IoContext` keeps running while
 *   work is outstanding).
 */
export interface Executor {
  post(fn: () => void): void;
  defer(fn: () => void): void;
  dispatch(fn: () => void): void;
  onWorkStarted(): void;
  onWorkFinished(): void;
  /** True while a handler of this executor is running on the current call stack. */
  runningInThisThread(): boolean;
}

/** Something that owns an executor (Asio's execution context: `IoContext`, or an I/O object). */
export interface ExecutionContext {
  getExecutor(): Executor;
}

export function isExecutor(x: unknown): x is Executor {
  if (typeof x !== 'object' || x === null) return false;
  if ((x as { [executorBrand]?: true })[executorBrand] === true) return true;
  const e = x as Partial<Record<keyof Executor, unknown>>;
  return (
    typeof e.post === 'function' &&
    typeof e.dispatch === 'function' &&
    typeof e.defer === 'function' &&
    typeof e.onWorkStarted === 'function' &&
    typeof e.onWorkFinished === 'function' &&
    typeof e.runningInThisThread === 'function'
  );
}

export function isExecutionContext(x: unknown): x is ExecutionContext {
  return typeof x === 'object' && x !== null && typeof (x as { getExecutor?: unknown }).getExecutor === 'function';
}

/** An executor, or a context whose executor is meant. */
export type ExecutorOrContext = Executor | ExecutionContext;

/** Resolve an executor-or-context argument, throwing a TypeError naming `name` otherwise. */
export function toExecutor(name: string, x: unknown): Executor {
  if (isExecutor(x)) return x;
  if (isExecutionContext(x)) {
    const ex = x.getExecutor();
    if (isExecutor(ex)) return ex;
  }
  throw new TypeError(`${name} must be an executor or an execution context, got ${describe(x)}`);
}
