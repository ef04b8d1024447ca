/**
 * The completion conditions and `next_write_length` values of Asio's write tests, with the byte
 * counts Asio checks for each.
 */
import { transferAll, transferAtLeast, transferExactly, type CompletionCondition } from '@asio-ts/io';

/** Asio's `old_style_transfer_all`: a boolean, `true` meaning done. Not tagged. */
export function oldStyleTransferAll(err: Error | null, bytesTransferred: number): boolean {
  void bytesTransferred;
  return !!err;
}

/** Asio's `short_transfer`: at most 3 bytes per underlying write until an error. Not tagged. */
export function shortTransfer(err: Error | null, bytesTransferred: number): number {
  void bytesTransferred;
  return err ? 0 : 3;
}

/** `next_write_length` values of Asio's tests: unlimited (its `s.reset()`), 1 and 10. */
export const writeLengths = [Infinity, 1, 10] as const;
export type WriteLength = (typeof writeLengths)[number];

export interface ConditionCase {
  readonly name: string;
  make(): CompletionCondition;
  /** Bytes Asio's test expects for 53 bytes of data, per `next_write_length`. */
  expected(len: WriteLength): number;
}

const all = (): number => 53;
function expect3(unlimited: number, one: number, ten: number): (len: WriteLength) => number {
  return (len) => (len === Infinity ? unlimited : len === 1 ? one : ten);
}

/** The completion conditions of Asio's 4-argument tests, with the byte counts it checks. */
export const conditionCases: readonly ConditionCase[] = [
  { name: 'transfer_all()', make: () => transferAll(), expected: all },
  { name: 'transfer_at_least(1)', make: () => transferAtLeast(1), expected: expect3(53, 1, 10) },
  { name: 'transfer_at_least(10)', make: () => transferAtLeast(10), expected: expect3(53, 10, 10) },
  { name: 'transfer_at_least(42)', make: () => transferAtLeast(42), expected: expect3(53, 42, 50) },
  { name: 'transfer_exactly(1)', make: () => transferExactly(1), expected: expect3(1, 1, 1) },
  { name: 'transfer_exactly(10)', make: () => transferExactly(10), expected: expect3(10, 10, 10) },
  { name: 'transfer_exactly(42)', make: () => transferExactly(42), expected: expect3(42, 42, 42) },
  { name: 'old_style_transfer_all', make: () => oldStyleTransferAll, expected: all },
  { name: 'short_transfer', make: () => shortTransfer, expected: all },
];

/** How a test title names a `next_write_length`. */
export const lengthName = (len: WriteLength): string => (len === Infinity ? 'unlimited' : String(len));

/** Every condition of `conditionCases` with every `next_write_length`: `[condition, length name, length, case]`. */
export const conditionRows = conditionCases.flatMap((c) => writeLengths.map((len) => [c.name, lengthName(len), len, c] as const));
