import { describe } from './check.js';

/**
 * Check a time on the SteadyTimer clock, or a duration in milliseconds: any number but NaN
 * (negative: in the past; `Infinity`: never), as a timer's expiry takes it.
 */
export function checkTime(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`${name} must not be NaN`);
}

/**
 * Check a timeout in milliseconds: a non-negative number, `Infinity` meaning never (as a timer's
 * `expiresAfter(Infinity)`).
 */
export function checkTimeout(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!(value >= 0)) throw new RangeError(`${name} must be a non-negative number or Infinity, got ${String(value)}`);
}
