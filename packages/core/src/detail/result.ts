// Run-time twin of `ResultValue`: split a handler's arguments into an error and a value.

/** True when the first argument sits in an error slot: `null`/`undefined` or an Error. */
export function hasErrorSlot(args: readonly unknown[]): boolean {
  if (args.length === 0) return false;
  const first = args[0];
  return first === null || first === undefined || first instanceof Error;
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
  return first instanceof Error ? first : null;
}
