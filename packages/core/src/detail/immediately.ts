import { associatedImmediateExecutor, type Associations } from '../associations.js';
import type { Executor } from '../executor.js';
import { schedule } from './schedule.js';

// Asio's `handler_work::immediate`: with no associated immediate executor, a post to the I/O
// executor then a run on the handler's associated executor; with one, a dispatch on it.
export function immediately(handler: unknown, ioExecutor: Executor, run: () => void): void {
  const immediate = (handler as Associations)[associatedImmediateExecutor];
  if (immediate === undefined) schedule('post', ioExecutor, run, handler);
  else schedule('dispatch', immediate, run, handler);
}
