/**
 * Argument checks shared by the io package. Programmer errors throw synchronously: a
 * `TypeError` for a wrong type and a `RangeError` for a bad size, each message starting with
 * the argument's name so the caller can see which argument was wrong.
 */
import type { BufferList } from '../buffers/buffer-list.js';

import { describeValue as describe } from '@asio-ts/core';

// One description of a value for every package's messages: core's.
export { describe };
export { checkFunction } from '@asio-ts/core';

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

const hasFunction = (x: object, name: string): boolean => typeof (x as Record<string, unknown>)[name] === 'function';

/**
 * What a value passed where an asio-ts stream was expected is, when it is a stream of Node or of
 * the web, and the adapter that makes it one: `" (a Node stream.Writable): wrap it: ..."`, or ''
 * for anything else. Duck-typed, so neither node:stream nor node:fs is loaded to check.
 * `sync`: the call wanted a SyncWriteStream, which none of them can be.
 */
export function streamHint(x: unknown, sync: boolean): string {
  if (typeof x !== 'object' || x === null) return '';
  const use = (adapter: string): string => (sync ? `: it writes asynchronously, so use asyncWrite(${adapter}, ...)` : `: wrap it: ${adapter}`);
  // Before the Node Writable test: a FileHandle is an EventEmitter too.
  if (typeof (x as { fd?: unknown }).fd === 'number' && hasFunction(x, 'write') && hasFunction(x, 'read') && !hasFunction(x, 'end')) {
    return ` (a FileHandle of node:fs/promises)${use('fromFileHandle(handle)')}`;
  }
  if (hasFunction(x, 'getWriter')) return ` (a WHATWG WritableStream)${use('fromWebWritable(stream)')}`;
  const writable = (x as { writable?: unknown }).writable;
  if (typeof writable === 'object' && writable !== null && hasFunction(writable, 'getWriter')) {
    return ` (a WHATWG TransformStream)${use('fromWebWritable(transform.writable)')}`;
  }
  if (hasFunction(x, 'write') && hasFunction(x, 'end') && hasFunction(x, 'on')) {
    return ` (a Node stream.Writable)${use('fromWritable(stream)')}`;
  }
  if (hasFunction(x, 'read') && hasFunction(x, 'on') && hasFunction(x, 'pipe')) return ' (a Node stream.Readable, which cannot be written)';
  if (hasFunction(x, 'getReader')) return ' (a WHATWG ReadableStream, which cannot be written)';
  // One of ours, given to the wrong kind of write.
  if (sync && hasFunction(x, 'asyncWriteSome')) return ' (an AsyncWriteStream: write it with asyncWrite)';
  if (!sync && hasFunction(x, 'writeSome') && !hasFunction(x, 'asyncWriteSome')) return ' (a SyncWriteStream: write it with write)';
  return '';
}

function sequenceTypeError(name: string, value: unknown): TypeError {
  return new TypeError(`${name} must be a Uint8Array or an iterable of Uint8Array, got ${describe(value)}`);
}

function elementTypeError(name: string, index: number, value: unknown): TypeError {
  return new TypeError(`${name} must be a Uint8Array or an iterable of Uint8Array, element ${index} is ${describe(value)}`);
}

function isIterableObject(x: unknown): x is Iterable<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/**
 * Validate a buffer sequence and return it as a single `Uint8Array` or an array of them.
 * Arrays are checked in place and returned as they are unless `copy` is set; any other iterable
 * is read exactly once (it may be single-pass) into a new array.
 */
export function checkBufferSequence(name: string, value: unknown, copy = false): BufferList {
  if (isUint8Array(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!isUint8Array(value[i])) throw elementTypeError(name, i, value[i]);
    }
    return copy ? (value.slice() as Uint8Array[]) : (value as Uint8Array[]);
  }
  if (!isIterableObject(value)) throw sequenceTypeError(name, value);
  const out: Uint8Array[] = [];
  for (const item of value) {
    if (!isUint8Array(item)) throw elementTypeError(name, out.length, item);
    out.push(item);
  }
  return out;
}

