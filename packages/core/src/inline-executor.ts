import type { Executor } from './executor.js';

/**
 * Runs every function at once, on the caller's stack (Asio's `inline_executor`). Bind it as an
 * immediate executor (`bindImmediateExecutor(inlineExecutor, h)`) to opt into handlers that run
 * inside their initiating function.
 */
export const inlineExecutor: Executor = Object.freeze({
  post(fn: () => void): void {
    fn();
  },
  defer(fn: () => void): void {
    fn();
  },
  dispatch(fn: () => void): void {
    fn();
  },
  onWorkStarted(): void {},
  onWorkFinished(): void {},
  runningInThisThread(): boolean {
    return true;
  },
});
