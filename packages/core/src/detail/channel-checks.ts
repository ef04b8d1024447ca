// The argument checks of Channel's methods.
import { checkNonNegativeInteger, describe } from './check.js';
import { isError } from './check.js';

export function checkCapacity(capacity: unknown): number {
  if (capacity === Infinity) return capacity;
  checkNonNegativeInteger('capacity', capacity);
  if (!Number.isSafeInteger(capacity)) throw new RangeError(`capacity must be a safe integer or Infinity, got ${String(capacity)}`);
  return capacity;
}

/** A message's first value is its error slot: null, undefined or an Error. */
export function checkMessage(values: readonly unknown[]): void {
  if (values.length === 0) return;
  const first = values[0];
  if (first !== null && first !== undefined && !isError(first)) {
    throw new TypeError(
      `values[0] must be the message's error slot (null, undefined or an Error: a channel message is [err, ...values] or empty), got ${describe(first)}`,
    );
  }
}

/** `asyncSend`'s message: an array, led by its error slot. */
export function checkSendValues(values: unknown): asserts values is readonly unknown[] {
  if (!Array.isArray(values)) throw new TypeError(`values must be an array (one message: [err, ...values], or []), got ${describe(values)}`);
  checkMessage(values);
}
