// The row type and helpers shared by the bad-input tables (helpers/bad-input-rows-*.ts) and
// bad-input*.test.ts.

import { type ComposedOperation } from '@asio-ts/core';

export type ErrorClass = typeof TypeError | typeof RangeError;

export interface Row {
  /** The call, as a reader would write it. */
  call: string;
  /** The exports this row exercises. */
  covers: string[];
  /** Makes the bad call and returns what it threw (undefined if nothing). */
  run: () => unknown;
  error: ErrorClass;
  /** The argument the message must name. */
  arg: string;
  /** Where the missing check belongs, for rows documenting a bug outside this suite's files. */
  knownBug?: string;
}

/** What `fn` throws synchronously (undefined when it returns). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Both calls must throw the same kind of error; returns the first one's, or a marker if they differ. */
export function bothThrow(a: () => unknown, b: () => unknown): unknown {
  const ea = thrown(a);
  const eb = thrown(b);
  if (ea === undefined || eb === undefined) return undefined;
  return (ea as object).constructor === (eb as object).constructor ? ea : new Error('the two calls threw different errors');
}

// Values that are wrong for their slot. `as never` lets them through the type checker.
export const bad = <T = never>(v: unknown): T => v as T;
/** `f` typed to accept anything, for calls that overloads or generics would refuse to type. */
export const loose = (f: unknown): ((...args: unknown[]) => unknown) => f as (...args: unknown[]) => unknown;
export const handler = (): void => undefined;
export const impl = (self: ComposedOperation<[]>): void => self.complete();
