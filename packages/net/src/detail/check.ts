/**
 * Argument checks of the net package. Programmer errors throw at once, a TypeError for a wrong
 * type and a RangeError for a wrong value, the message starting with the argument's name and
 * describing the value as every package does (core's `describeValue`).
 */
import { describeValue as describe, isTokenObject } from '@asio-ts/core';
import type { BufferList } from '@asio-ts/io';

export { checkFunction, describeValue as describe } from '@asio-ts/core';

const toStringTag = Object.prototype.toString;

/** A buffer sequence as the operations keep it: one Uint8Array or an array of them. */
export type { BufferList };

/** True for a Uint8Array (a Node Buffer too), also from another realm. */
export function isUint8Array(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array || (ArrayBuffer.isView(x) && toStringTag.call(x) === '[object Uint8Array]');
}

/** The total size of a checked buffer list. */
export function sizeOf(buffers: BufferList): number {
  if (isUint8Array(buffers)) return buffers.length;
  let n = 0;
  for (let i = 0; i < buffers.length; i++) n += buffers[i]!.length;
  return n;
}

/**
 * Copy `chunk` into `buffers`, from the start of the sequence; returns the bytes copied (the
 * smaller of the two sizes).
 */
export function fill(buffers: BufferList, chunk: Uint8Array): number {
  if (isUint8Array(buffers)) {
    const n = Math.min(buffers.length, chunk.length);
    buffers.set(n === chunk.length ? chunk : chunk.subarray(0, n));
    return n;
  }
  let copied = 0;
  for (let i = 0; i < buffers.length && copied < chunk.length; i++) {
    const b = buffers[i]!;
    const n = Math.min(b.length, chunk.length - copied);
    b.set(chunk.subarray(copied, copied + n));
    copied += n;
  }
  return copied;
}

export function checkBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

/** A port number: an integer from 0 to 65535. */
export function checkPort(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new RangeError(`${name} must be an integer from 0 to 65535, got ${String(value)}`);
}

/** A `tcp.Socket#shutdown` argument: `'send'`, `'receive'` or `'both'`. */
export function checkShutdownType(name: string, value: unknown): asserts value is 'send' | 'receive' | 'both' {
  if (value === 'send' || value === 'receive' || value === 'both') return;
  const message = `${name} must be 'send', 'receive' or 'both', got ${describe(value)}`;
  throw typeof value === 'string' ? new RangeError(message) : new TypeError(message);
}

/** An optional options object. */
export function checkOptions<O extends object>(name: string, value: unknown): Partial<O> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  return value as Partial<O>;
}

/** True when `token` is a plain handler function (not a function carrying the token protocol). */
export function isPlainHandler(token: unknown): token is (...args: never[]) => void {
  return typeof token === 'function' && !isTokenObject(token);
}
