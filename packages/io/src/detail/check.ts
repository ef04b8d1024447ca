/**
 * Argument checks shared by the io package. Programmer errors throw synchronously: a
 * `TypeError` for a wrong type and a `RangeError` for a bad size, each message starting with
 * the argument's name so the caller can see which argument was wrong.
 */
import type { BufferList } from '../buffers/buffer-list.js';

import { describeValue as describe } from '@asio-ts/core';

// One description of a value for every package's messages: core's.
export { checkFunction, describeValue as describe } from '@asio-ts/core';

const toStringTag = Object.prototype.toString;

/**
 * True for a `Uint8Array`, Node `Buffer` included, also when it comes from another realm
 * (a vm context, an iframe), where `instanceof` fails.
 */
export function isUint8Array(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array || (ArrayBuffer.isView(x) && toStringTag.call(x) === '[object Uint8Array]');
}

function checkNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
}

/** A byte count that sizes memory: a finite non-negative safe integer. */
export function checkSize(name: string, value: unknown): number {
  checkNumber(name, value);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/**
 * A byte count that only bounds or clamps (a maximum, a count to consume): like `checkSize`,
 * but `Infinity` is allowed and means "no limit" (Asio passes SIZE_MAX for that).
 */
export function checkLimit(name: string, value: unknown): number {
  checkNumber(name, value);
  if (value !== Infinity && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RangeError(`${name} must be a non-negative integer or Infinity, got ${value}`);
  }
  return value;
}

/** `checkLimit` for an optional argument; `undefined` gives `fallback`. */
export function checkOptionalLimit(name: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : checkLimit(name, value);
}

/** The largest size a buffer may grow to when no maximum is given (Asio's SIZE_MAX). */
export const unlimitedSize = Number.MAX_SAFE_INTEGER;

// What the messages call a buffer sequence. ArrayBuffers and other views are taken too (see
// viewBytes), as conveniences rather than part of the concept.
const accepted = 'a Uint8Array or an iterable of Uint8Array';

/** The hint for a value that is almost bytes: a string, or numbers. */
function bytesHint(value: unknown): string {
  if (typeof value === 'string' || value instanceof String) {
    return ': encode it: new TextEncoder().encode(s) (asio-ts buffers are bytes: unlike Node\'s socket.write, nothing here takes a string)';
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) return ': an array of numbers is not bytes: new Uint8Array(array)';
  return '';
}

function sequenceTypeError(name: string, value: unknown): TypeError {
  return new TypeError(`${name} must be ${accepted}, got ${describe(value)}${bytesHint(value)}`);
}

function elementTypeError(name: string, index: number, value: unknown, sequence: unknown): TypeError {
  const hint = typeof value === 'number' ? bytesHint(sequence) : bytesHint(value);
  return new TypeError(`${name} must be ${accepted}, element ${index} is ${describe(value)}${hint}`);
}

function isIterableObject(x: unknown): x is Iterable<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/**
 * The bytes of an ArrayBuffer (or SharedArrayBuffer) or of an ArrayBufferView other than a
 * Uint8Array (a DataView, an Int16Array, ...), as a Uint8Array over the same memory (no copy, so
 * a read through it fills the caller's memory); undefined for anything else. As Node's
 * `socket.write` takes them. Tag checks, so values from other realms are accepted too.
 */
function viewBytes(x: unknown): Uint8Array | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const tag = toStringTag.call(x);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(x as ArrayBufferLike);
  return undefined;
}

/**
 * Validate a buffer sequence and return it as a single `Uint8Array` or an array of them.
 * Arrays are checked in place and returned as they are unless `copy` is set; any other iterable
 * is read exactly once (it may be single-pass) into a new array. An ArrayBuffer or another
 * ArrayBufferView, alone or as an element, is taken as a Uint8Array over its bytes (an array
 * holding one is then returned as a new array; the caller's is never changed). A stream of your
 * own checks its buffer arguments with it to take what `asyncWrite` takes; the message names
 * `name`.
 *
 * @example
 * ```ts
 * import { checkBufferSequence } from '@asio-ts/io';
 *
 * const list = checkBufferSequence('buffers', [new ArrayBuffer(2), new Uint8Array(3)]);
 * console.log(Array.isArray(list) && list.every((b) => b instanceof Uint8Array)); // true
 * ```
 */
export function checkBufferSequence(name: string, value: unknown, copy = false): BufferList {
  if (isUint8Array(value)) return value;
  const bytes = viewBytes(value);
  if (bytes !== undefined) return bytes;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!isUint8Array(value[i])) return viewElements(name, value, i);
    }
    return copy ? (value.slice() as Uint8Array[]) : (value as Uint8Array[]);
  }
  if (!isIterableObject(value)) throw sequenceTypeError(name, value);
  const out: Uint8Array[] = [];
  for (const item of value) out.push(isUint8Array(item) ? item : elementBytes(name, out.length, item, value));
  return out;
}

function elementBytes(name: string, index: number, item: unknown, sequence: unknown): Uint8Array {
  const bytes = viewBytes(item);
  if (bytes === undefined) throw elementTypeError(name, index, item, sequence);
  return bytes;
}

/** A copy of `value` whose elements from `from` on are viewed as bytes (the rest are Uint8Arrays). */
function viewElements(name: string, value: readonly unknown[], from: number): Uint8Array[] {
  const out = value.slice(0, from) as Uint8Array[];
  for (let i = from; i < value.length; i++) {
    const item = value[i];
    out.push(isUint8Array(item) ? item : elementBytes(name, i, item, value));
  }
  return out;
}

