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
  /** Queue `fn` to run later, never inside this call. */
  post(fn: () => void): void;
  /** Queue `fn` as a continuation of the current handler. */
  defer(fn: () => void): void;
  /** Run `fn` at once when already inside this executor, else queue it. */
  dispatch(fn: () => void): void;
  /** Count one more piece of outstanding work. */
  onWorkStarted(): void;
  /** Count one piece of outstanding work as done. */
  onWorkFinished(): void;
  /** True while a handler of this executor is running on the current call stack. */
  runningInThisThread(): boolean;
}

/** Something that owns an executor (Asio's execution context: `IoContext`, or an I/O object). */
export interface ExecutionContext {
  /** The executor of the context (or of the I/O object). */
  getExecutor(): Executor;
}

/**
 * True when `x` has every member of `Executor` (Asio's `is_executor`, checked at run time).
 *
 * @example
 * ```ts
 * import { IoContext, isExecutor, systemExecutor } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * console.log(isExecutor(systemExecutor), isExecutor(ioc.getExecutor()), isExecutor(ioc)); // true true false
 * ```
 */
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

/**
 * True when `x` has a `getExecutor()` method: an `IoContext`, a timer, a stream (Asio's
 * execution context, or an I/O object with `get_executor`).
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, isExecutionContext } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * console.log(isExecutionContext(ioc), isExecutionContext(new SteadyTimer(ioc))); // true true
 * ```
 */
export function isExecutionContext(x: unknown): x is ExecutionContext {
  return typeof x === 'object' && x !== null && typeof (x as { getExecutor?: unknown }).getExecutor === 'function';
}

/** An executor, or a context whose executor is meant. */
export type ExecutorOrContext = Executor | ExecutionContext;

/**
 * Resolve an executor-or-context argument, as every asio-ts function taking one does: an
 * executor as it is, a context as its executor; anything else throws a TypeError naming `name`.
 *
 * @example
 * ```ts
 * import { IoContext, toExecutor, type Executor, type ExecutorOrContext } from '@asio-ts/core';
 *
 * export function runLater(where: ExecutorOrContext, fn: () => void): Executor {
 *   const ex = toExecutor('where', where); // TypeError: where must be an executor or an execution context, got 42
 *   ex.post(fn);
 *   return ex;
 * }
 * runLater(new IoContext(), () => console.log('ran'));
 * ```
 */
export function toExecutor(name: string, x: unknown): Executor {
  if (isExecutor(x)) return x;
  if (isExecutionContext(x)) {
    const ex = x.getExecutor();
    if (isExecutor(ex)) return ex;
  }
  throw new TypeError(`${name} must be an executor or an execution context, got ${describe(x)}`);
}
