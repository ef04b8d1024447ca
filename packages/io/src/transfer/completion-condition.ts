/**
 * Completion conditions (Asio's `completion_condition.hpp`): called before each underlying
 * operation with the error so far and the bytes transferred so far, they return the most bytes
 * the next operation may transfer, and 0 once the composed operation is done.
 */
import { checkLimit } from '../detail/check.js';

/**
 * `(err, bytesTransferred) => maxNextBytes`; 0 means done. Returning a boolean is Asio's older
 * form (`true` means done) and is accepted: `true` counts as 0 and `false` as
 * `defaultMaxTransferSize`.
 */
export type CompletionCondition = (err: Error | null, bytesTransferred: number) => number | boolean;

/** Marks a function as a completion condition, so `asyncWrite(s, b, cond)` can tell it from a callback. */
export const completionConditionTag: unique symbol = Symbol.for('asio-ts.completionCondition');

/** A completion condition that says it is one (the built-ins, or any wrapped with `completionCondition`). */
export type TaggedCompletionCondition = ((err: Error | null, bytesTransferred: number) => number | boolean) & {
  readonly [completionConditionTag]: true;
};

/** Tag `fn` as a completion condition (Asio's `is_completion_condition`, decided at run time). */
export function completionCondition<F extends CompletionCondition>(fn: F): F & TaggedCompletionCondition {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${typeof fn}`);
  return Object.assign(fn, { [completionConditionTag]: true as const });
}

/** True for functions tagged as completion conditions. */
export function isCompletionCondition(x: unknown): x is TaggedCompletionCondition {
  return typeof x === 'function' && (x as { [completionConditionTag]?: unknown })[completionConditionTag] === true;
}

/** The most bytes the built-in conditions allow per underlying operation. */
export const defaultMaxTransferSize = 65536;

const transferAllCondition = completionCondition((err: Error | null): number => (err ? 0 : defaultMaxTransferSize));

/** Continue until every byte is transferred or an error occurs. */
export function transferAll(): TaggedCompletionCondition & ((err: Error | null, bytesTransferred: number) => number) {
  return transferAllCondition;
}

/** Continue until at least `n` bytes are transferred or an error occurs. */
export function transferAtLeast(n: number): TaggedCompletionCondition & ((err: Error | null, bytesTransferred: number) => number) {
  const minimum = checkLimit('n', n);
  return completionCondition((err: Error | null, bytesTransferred: number) => (err || bytesTransferred >= minimum ? 0 : defaultMaxTransferSize));
}

/** Continue until exactly `n` bytes are transferred or an error occurs. */
export function transferExactly(n: number): TaggedCompletionCondition & ((err: Error | null, bytesTransferred: number) => number) {
  const size = checkLimit('n', n);
  return completionCondition((err: Error | null, bytesTransferred: number) =>
    err || bytesTransferred >= size ? 0 : Math.min(size - bytesTransferred, defaultMaxTransferSize));
}
