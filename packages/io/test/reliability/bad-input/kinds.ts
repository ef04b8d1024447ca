/**
 * The argument kinds of the bad-input table, and what a valid value of each kind is.
 */
import * as core from '@asio-ts/core';
import * as io from '@asio-ts/io';

const { ByteVector, isDynamicBufferV1, isDynamicBufferV2 } = io;
const { CancellationSignal, CancellationSlot, IoContext, isExecutor, isExecutionContext, isTokenObject } = core;

export type Kind =
  | 'any'
  | 'function'
  | 'generatorFunction'
  | 'coroutine'
  | 'condition'
  | 'token'
  | 'executor'
  | 'executorStrict'
  | 'limit'
  | 'cancellationType'
  | 'ms'
  | 'time'
  | 'bufferSeq'
  | 'bufferData'
  | 'writeSource'
  | 'errorCode'
  | 'string'
  | 'object'
  | 'objectOrFunction'
  | 'options'
  | 'stringRef'
  | 'byteVector'
  | 'byteInit'
  | 'abortSignal'
  | 'cancellationSignal'
  | 'cancellationSlot'
  | 'ioContext'
  | 'stream'
  | 'syncStream'
  | 'readStream'
  | 'syncReadStream'
  | 'readTarget'
  | 'dynamicBuffer'
  | 'match'
  | 'writable'
  | 'fileHandle'
  | 'webWritable'
  | 'readable'
  | 'webReadable'
  | 'duplex'
  | 'offset'
  | 'readDevice'
  | 'writeDevice'
  | 'syncReadDevice'
  | 'syncWriteDevice'
  | 'deferredOps'
  | 'launchable';

const isObject = (x: unknown): x is Record<PropertyKey, unknown> => typeof x === 'object' && x !== null;
const isU8 = (x: unknown): x is Uint8Array => x instanceof Uint8Array;
const hasFns = (x: unknown, names: string[]): boolean => isObject(x) && names.every((n) => typeof x[n] === 'function');

// A buffer: a Uint8Array, or any other view or ArrayBuffer (taken as its bytes, as socket.write takes them).
const isBytes = (x: unknown): boolean => ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof SharedArrayBuffer;

function isBufferSeq(x: unknown): boolean {
  if (isBytes(x)) return true;
  if (!isObject(x) || typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') return false;
  for (const e of x as unknown as Iterable<unknown>) if (!isBytes(e)) return false;
  return true;
}

export function valid(kind: Kind, x: unknown): boolean {
  switch (kind) {
    case 'any':
      return true;
    case 'function':
    case 'condition':
    case 'generatorFunction':
      return typeof x === 'function';
    case 'coroutine':
      return typeof x === 'function' || (isObject(x) && typeof x.then === 'function');
    case 'token':
      return typeof x === 'function' || isTokenObject(x);
    case 'executor':
      return isExecutor(x) || isExecutionContext(x);
    case 'executorStrict':
      return isExecutor(x);
    case 'limit':
      return typeof x === 'number' && (x === Infinity || (Number.isSafeInteger(x) && x >= 0));
    case 'cancellationType':
      return typeof x === 'number' && Number.isInteger(x) && x >= 0;
    case 'ms':
      return typeof x === 'number' && Number.isFinite(x) && x >= 0;
    case 'time':
      return (x instanceof Date && Number.isFinite(x.getTime())) || (typeof x === 'number' && Number.isFinite(x));
    case 'bufferSeq':
    case 'writeSource':
      return isBufferSeq(x);
    case 'bufferData':
      return ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof SharedArrayBuffer;
    case 'errorCode':
      return (
        isObject(x) &&
        typeof x.code === 'string' &&
        typeof x.value === 'number' &&
        isObject(x.category) &&
        typeof (x.category as { name?: unknown }).name === 'string' &&
        typeof x.message === 'string'
      );
    case 'string':
      return typeof x === 'string';
    case 'object':
      return isObject(x);
    case 'objectOrFunction':
      return isObject(x) || typeof x === 'function';
    case 'options':
      return isObject(x);
    case 'stringRef':
      return isObject(x) && typeof x.value === 'string' && [...(x.value as string)].every((c) => c.charCodeAt(0) <= 255);
    case 'byteVector':
      return x instanceof ByteVector;
    case 'byteInit':
      if (typeof x === 'number') return Number.isSafeInteger(x) && x >= 0;
      if (isU8(x)) return true;
      if (!isObject(x) || typeof x.length !== 'number' || !Number.isSafeInteger(x.length) || (x.length as number) < 0) return false;
      for (let i = 0; i < (x.length as number); i++) {
        const b = (x as unknown as ArrayLike<unknown>)[i];
        if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return false;
      }
      return true;
    case 'abortSignal':
      return x instanceof AbortSignal;
    case 'cancellationSignal':
      return x instanceof CancellationSignal;
    case 'cancellationSlot':
      return x instanceof CancellationSlot;
    case 'ioContext':
      return x instanceof IoContext;
    case 'stream':
      return hasFns(x, ['getExecutor', 'asyncWriteSome']);
    case 'syncStream':
      return hasFns(x, ['writeSome']);
    case 'readStream':
      return hasFns(x, ['getExecutor', 'asyncReadSome']);
    case 'syncReadStream':
      return hasFns(x, ['readSome']);
    case 'readTarget':
      return isBufferSeq(x) || isDynamicBufferV1(x) || isDynamicBufferV2(x);
    case 'dynamicBuffer':
      return isDynamicBufferV1(x) || isDynamicBufferV2(x);
    case 'match':
      return typeof x === 'string' || isU8(x) || x instanceof RegExp || typeof x === 'function';
    case 'writable':
      return hasFns(x, ['write', 'cork', 'uncork', 'destroy', 'on', 'removeListener']);
    case 'fileHandle':
      return isObject(x) && typeof x.fd === 'number' && hasFns(x, ['read', 'readv', 'write', 'writev']);
    case 'webWritable':
      return hasFns(x, ['getWriter', 'abort']);
    case 'readable':
      return hasFns(x, ['read', 'on']);
    case 'webReadable':
      return hasFns(x, ['getReader', 'cancel']);
    case 'duplex':
      return hasFns(x, ['read', 'on', 'write', 'cork', 'uncork', 'destroy', 'removeListener']);
    case 'offset':
      return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    case 'readDevice':
      return hasFns(x, ['getExecutor', 'asyncReadSomeAt']);
    case 'writeDevice':
      return hasFns(x, ['getExecutor', 'asyncWriteSomeAt']);
    case 'syncReadDevice':
      return hasFns(x, ['readSomeAt']);
    case 'syncWriteDevice':
      return hasFns(x, ['writeSomeAt']);
    case 'deferredOps':
      return typeof x === 'function' || (Array.isArray(x) && x.every((e) => typeof e === 'function'));
    case 'launchable':
      return typeof x === 'function' || x instanceof core.Awaitable;
  }
}
