import { asyncResult, tokenKind, type Signature, type Start, type TokenObject } from './async-result.js';

/** Receives errors that operations launched with `detached` completed with. */
export type DetachedErrorReporter = (error: Error) => void;

function defaultReporter(error: Error): void {
  const p = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process;
  if (typeof p?.emitWarning === 'function') p.emitWarning(error);
  else console.error('asio-ts: a detached operation failed:', error);
}

let reporter: DetachedErrorReporter = defaultReporter;

/**
 * Set where errors of detached operations go; returns the previous reporter. By default they are
 * written as a process warning on Node (`process.emitWarning`) and with `console.error`
 * elsewhere, so none is lost silently.
 */
export function setDetachedErrorReporter(next: DetachedErrorReporter): DetachedErrorReporter {
  if (typeof next !== 'function') throw new TypeError('next must be a function (the new reporter)');
  const previous = reporter;
  reporter = next;
  return previous;
}

function detachedHandler(...args: unknown[]): void {
  const first = args.length > 0 ? args[0] : null;
  if (first instanceof Error) reporter(first);
}

/** Launch and forget (Asio's `detached`): the initiating function returns nothing. */
export interface Detached extends TokenObject<'detached'> {}

export const detached: Detached = Object.freeze({
  [tokenKind]: 'detached' as const,
  [asyncResult]<S extends Signature>(start: Start<S>): void {
    start(detachedHandler as unknown as Parameters<Start<S>>[0]);
  },
});
