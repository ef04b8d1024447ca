/**
 * The option checks every stream adapter shares: programmer errors in `options` throw a
 * TypeError naming the option, as every argument check of the package does.
 */
import { systemExecutor, toExecutor, type Executor } from '@asio-ts/core';
import { describe } from '../detail/check.js';
import type { AdapterOptions } from './stream-adapter.js';

/** Throws a TypeError naming `options` unless it is undefined or an object. */
export function checkOptions<O extends object>(options: unknown): Partial<O> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object, got ${describe(options)}`);
  return options as Partial<O>;
}

/** The I/O executor an adapter's options name. */
export function optionsExecutor(options: AdapterOptions): Executor {
  return options.executor === undefined ? systemExecutor : toExecutor('options.executor', options.executor);
}

/** An optional boolean option. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}
