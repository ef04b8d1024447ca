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

/**
 * Tag `fn` as a completion condition (Asio's `is_completion_condition`, decided at run time), so
 * that `asyncWrite(stream, buffers, condition)` takes it as the condition, not the handler.
 * Returns `fn` itself, tagged.
 *
 * @example
 * ```ts
 * import { systemExecutor, useFuture } from '@asio-ts/core';
 * import { TestStream, asyncWrite, completionCondition } from '@asio-ts/io';
 *
 * // Stop after the first chunk that reaches 1 KiB in total.
 * const atLeast1K = completionCondition((err: Error | null, n: number) => (err !== null || n >= 1024 ? 0 : 512));
 * const stream = new TestStream(systemExecutor, { maxWriteSize: 512 });
 * const n = await asyncWrite(stream, new Uint8Array(4096), atLeast1K, useFuture);
 * console.log(n); // 1024
 * ```
 */
export function completionCondition<F extends CompletionCondition>(fn: F): F & TaggedCompletionCondition {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${typeof fn}`);
  return Object.assign(fn, { [completionConditionTag]: true as const });
}

/**
 * True for functions tagged as completion conditions (the built-ins, and any passed through
 * `completionCondition`).
 *
 * @example
 * ```ts
 * import { isCompletionCondition, transferAll } from '@asio-ts/io';
 *
 * console.log(isCompletionCondition(transferAll()), isCompletionCondition(() => 0)); // true false
 * ```
 */
export function isCompletionCondition(x: unknown): x is TaggedCompletionCondition {
  return typeof x === 'function' && (x as { [completionConditionTag]?: unknown })[completionConditionTag] === true;
}

/** The most bytes the built-in conditions allow per underlying operation. */
export const defaultMaxTransferSize = 65536;

const transferAllCondition = completionCondition((err: Error | null): number => (err ? 0 : defaultMaxTransferSize));

/**
 * Continue until every byte is transferred or an error occurs (Asio's `transfer_all`), at most
 * `defaultMaxTransferSize` bytes per underlying operation: `asyncWrite`'s default.
 *
 * @example
 * ```ts
 * import { systemExecutor, useFuture } from '@asio-ts/core';
 * import { TestStream, asyncWrite, transferAll } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor);
 * const n = await asyncWrite(stream, new Uint8Array(100_000), transferAll(), useFuture);
 * console.log(n, stream.writeCalls); // 100000 2: 65536 bytes per call at most
 * ```
 */
export function transferAll(): TaggedCompletionCondition & ((err: Error | null, bytesTransferred: number) => number) {
  return transferAllCondition;
}

/**
 * Continue until at least `n` bytes are transferred or an error occurs (Asio's
 * `transfer_at_least`).
 *
 * @example
 * ```ts
 * import { systemExecutor, useFuture } from '@asio-ts/core';
 * import { TestStream, asyncWrite, transferAtLeast } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor, { maxWriteSize: 300 });
 * const n = await asyncWrite(stream, new Uint8Array(1000), transferAtLeast(500), useFuture);
 * console.log(n); // 600: two writes of 300
 * ```
 */
export function transferAtLeast(n: number): TaggedCompletionCondition & ((err: Error | null, bytesTransferred: number) => number) {
  const minimum = checkLimit('n', n);
  return completionCondition((err: Error | null, bytesTransferred: number) => (err || bytesTransferred >= minimum ? 0 : defaultMaxTransferSize));
}

/**
 * Continue until exactly `n` bytes are transferred or an error occurs (Asio's
 * `transfer_exactly`): no operation is asked for more than what is left.
 *
 * @example
 * ```ts
 * import { systemExecutor, useFuture } from '@asio-ts/core';
 * import { TestStream, asyncWrite, transferExactly } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor, { maxWriteSize: 300 });
 * const n = await asyncWrite(stream, new Uint8Array(1000), transferExactly(500), useFuture);
 * console.log(n); // 500
 * ```
 */
export function transferExactly(n: number): TaggedCompletionCondition & ((err: Error | null, bytesTransferred: number) => number) {
  const size = checkLimit('n', n);
  return completionCondition((err: Error | null, bytesTransferred: number) =>
    err || bytesTransferred >= size ? 0 : Math.min(size - bytesTransferred, defaultMaxTransferSize));
}
