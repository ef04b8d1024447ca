// Errors with nowhere to go: those of detached operations and the rejections of promises that
// strand handlers return. One reporter serves both, so users set one hook to see them all.

import { toError } from './check.js';

export type OrphanErrorReporter = (error: Error) => void;

function defaultReporter(error: Error): void {
  const p = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process;
  try {
    if (typeof p?.emitWarning === 'function') return p.emitWarning(error);
  } catch {
    // An Error from another realm (a vm context) is refused by emitWarning: print it instead.
  }
  console.error('asio-ts: an error with no handler to take it:', error);
}

let reporter: OrphanErrorReporter = defaultReporter;

export function setOrphanErrorReporter(next: OrphanErrorReporter): OrphanErrorReporter {
  const previous = reporter;
  reporter = next;
  return previous;
}

export function reportOrphanError(e: unknown): void {
  reporter(toError(e));
}

/**
 * Report `e` from where nobody takes an exception (a coroutine ending on a promise reaction):
 * a reporter that throws has its exception rethrown on a microtask, so the host sees it as an
 * uncaught exception (Node: 'uncaughtException') instead of a rejection nobody handles.
 */
export function reportOrphanErrorFromHere(e: unknown): void {
  try {
    reporter(toError(e));
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}
