/**
 * Calling a user's completion condition from a composed operation (Asio's
 * `base_from_completion_cond::check_for_completion` with `adapt_completion_condition_result`).
 */
import { describe, checkFunction } from '../detail/check.js';
import { type CompletionCondition, defaultMaxTransferSize } from './completion-condition.js';

/** Throws a TypeError naming `completionCondition` unless it is a function. */
export function checkCompletionCondition(value: unknown): CompletionCondition {
  checkFunction('completionCondition', value);
  return value as CompletionCondition;
}

/**
 * Ask `condition` how many bytes the next operation may transfer. A boolean result is adapted as
 * in Asio (`true` → 0, `false` → `defaultMaxTransferSize`); a number is used as it is, without
 * clamping, as Asio does. `Infinity` means no limit. Anything else is a programmer error: a
 * TypeError or RangeError naming `completionCondition`.
 */
export function checkForCompletion(condition: CompletionCondition, err: Error | null, totalTransferred: number): number {
  const r: unknown = condition(err, totalTransferred);
  if (typeof r === 'number') {
    if (r === Infinity || (Number.isSafeInteger(r) && r >= 0)) return r;
    throw new RangeError(`completionCondition must return a non-negative integer or Infinity, got ${r}`);
  }
  if (typeof r === 'boolean') return r ? 0 : defaultMaxTransferSize;
  throw new TypeError(`completionCondition must return a number or a boolean, got ${describe(r)}`);
}
