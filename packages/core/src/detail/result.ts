// Run-time twin of `ResultValue`: split a handler's arguments into an error and a value.

import { isError } from './check.js';

/** True when the first argument sits in an error slot: `null`/`undefined` or an Error. */
export function hasErrorSlot(args: readonly unknown[]): boolean {
  if (args.length === 0) return false;
  const first = args[0];
  return first === null || first === undefined || isError(first);
}

/** The value a promise-like token resolves with for these handler arguments. */
export function resultValue(args: readonly unknown[]): unknown {
  const skip = hasErrorSlot(args) ? 1 : 0;
  const n = args.length - skip;
  return n === 0 ? undefined : n === 1 ? args[skip] : args.slice(skip);
}

/** The error in the first slot, or null. */
export function resultError(args: readonly unknown[]): Error | null {
  const first = args.length > 0 ? args[0] : null;
  // The usual success (null) without the Error tests.
  return first !== null && first !== undefined && isError(first) ? first : null;
}

/** Resolve or reject a promise-like token's promise with a handler's arguments. */
export function settle(resolve: (v: unknown) => void, reject: (e: unknown) => void, args: readonly unknown[]): void {
  if (hasErrorSlot(args)) {
    const err = args[0];
    if (err !== null && err !== undefined) reject(err);
    else resolve(args.length === 2 ? args[1] : args.length === 1 ? undefined : args.slice(1));
  } else {
    resolve(args.length === 1 ? args[0] : args.length === 0 ? undefined : args);
  }
}
