import { describe } from './check.js';

/**
 * Check a time on the SteadyTimer clock, or a duration in milliseconds: any number but NaN
 * (negative: in the past; `Infinity`: never), as a timer's expiry takes it.
 */
export function checkTime(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`${name} must not be NaN`);
}
