import { associatedExecutor, type Associations } from '../associations.js';
import type { Executor } from '../executor.js';

/** `getAssociatedExecutor` for the library's own callers, whose fallback is already an executor. */
export function associatedExecutorOf(handler: unknown, fallback: Executor): Executor {
  return (handler as Associations | null | undefined)?.[associatedExecutor] ?? fallback;
}
