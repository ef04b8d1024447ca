/**
 * Which kinds of cancellation are requested or supported (Asio's `cancellation_type`), as bit
 * flags: combine them with `|`, test them with `&`.
 *
 * @example
 * ```ts
 * import { CancellationSignal, CancellationType } from '@asio-ts/core';
 *
 * const signal = new CancellationSignal();
 * signal.slot().assign((type) => {
 *   if ((type & (CancellationType.Partial | CancellationType.Total)) !== 0) console.log('stop after this chunk');
 * });
 * signal.emit(CancellationType.Partial);
 * ```
 */
export const CancellationType = Object.freeze({
  /** No cancellation. */
  None: 0,
  /** The operation may be left in a state where the object it worked on can only be closed or destroyed. */
  Terminal: 1,
  /** Side effects happened, but they are well defined; the object may be used again. */
  Partial: 2,
  /** No side effects at all: cancelled as if it never started. */
  Total: 4,
  /** Every kind. */
  All: 0xffffffff,
} as const);

/** A set of `CancellationType` flags. */
export type CancellationType = number;
