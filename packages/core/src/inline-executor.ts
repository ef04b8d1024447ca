import type { Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { checkFunction } from './detail/check.js';

/**
 * Runs every function at once, on the caller's stack (Asio's `inline_executor`). Bind it as an
 * immediate executor (`bindImmediateExecutor(inlineExecutor, h)`) to opt into handlers that run
 * inside their initiating function.
 *
 * @example
 * ```ts
 * import { asyncImmediate, bindImmediateExecutor, inlineExecutor, systemExecutor } from '@asio-ts/core';
 *
 * asyncImmediate(systemExecutor, bindImmediateExecutor(inlineExecutor, () => console.log('first')));
 * console.log('second'); // the handler ran inside asyncImmediate
 * ```
 */
export const inlineExecutor: Executor = Object.freeze(brandExecutor({
  post(fn: () => void): void {
    checkFunction('fn', fn);
    fn();
  },
  defer(fn: () => void): void {
    checkFunction('fn', fn);
    fn();
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
