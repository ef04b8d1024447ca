/**
 * The bad-input table: every function export of '@asio-ts/core' and '@asio-ts/io' (classes
 * constructed with `new`), called with generated wrong-typed arguments, one argument at a time
 * (the others valid). Architecture rule 4: a programmer error throws synchronously a TypeError or
 * RangeError whose message names the argument (it starts with the argument's name, or a path
 * into it such as `options.executor` or `ops[0]`) — never a generic Error, never a non-Error,
 * and never nothing. Functions that legitimately accept anything are listed, with the reason,
 * and are checked not to throw; exports left out are listed with the reason.
 *
 * The enumeration is checked too: a new export that is in none of the lists fails the suite,
 * so the table cannot silently fall behind the public surface.
 */
import { Duplex, Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import * as core from '@asio-ts/core';
import * as io from '@asio-ts/io';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';

const {
  ByteVector,
  Streambuf,
  TestStream,
  isDynamicBufferV1,
  isDynamicBufferV2,
  transferAll,
} = io;
const { CancellationSignal, CancellationSlot, IoContext, errors, isExecutor, isExecutionContext, isTokenObject, post } = core;

// ---------------------------------------------------------------------------------------------
// Argument kinds: what a valid value is, and a fresh valid value.

type Kind =
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

function valid(kind: Kind, x: unknown): boolean {
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

function sample(kind: Kind): unknown {
  switch (kind) {
    case 'any':
      return undefined;
    case 'function':
    case 'objectOrFunction':
      return () => {};
    case 'condition':
      return transferAll();
    case 'generatorFunction':
      return function* () {};
    case 'coroutine':
      return async () => {};
    case 'token':
      return () => {};
    case 'executor':
      return new IoContext();
    case 'executorStrict':
      return new IoContext().getExecutor();
    case 'limit':
      return 4;
    case 'cancellationType':
      return core.CancellationType.Terminal;
    case 'ms':
      return 60_000;
    case 'time':
      return Date.now() + 60_000;
    case 'bufferSeq':
    case 'bufferData':
    case 'writeSource':
    case 'readTarget':
      return new Uint8Array(4);
    case 'dynamicBuffer':
      return new Streambuf();
    case 'match':
      return '\n';
    case 'errorCode':
      return errors.eof;
    case 'string':
      return 'detail';
    case 'object':
      return { error: null };
    case 'options':
      return {};
    case 'stringRef':
      return { value: 'abc' };
    case 'byteVector':
      return new ByteVector();
    case 'byteInit':
      return 4;
    case 'abortSignal':
      return new AbortController().signal;
    case 'cancellationSignal':
      return new CancellationSignal();
    case 'cancellationSlot':
      return new CancellationSignal().slot();
    case 'ioContext':
      return new IoContext();
    case 'stream':
    case 'syncStream':
    case 'readStream':
    case 'syncReadStream':
      return new TestStream(new IoContext());
    case 'writable':
      return new Writable({ write: (_c, _e, cb) => cb() });
    case 'fileHandle':
      return {
        fd: 99,
        read: async () => ({ bytesRead: 0 }),
        readv: async () => ({ bytesRead: 0 }),
        write: async () => ({ bytesWritten: 0 }),
        writev: async () => ({ bytesWritten: 0 }),
      };
    case 'webWritable':
      return new WritableStream();
    case 'readable':
      return new Readable({ read() {} });
    case 'webReadable':
      return new ReadableStream();
    case 'duplex':
      return new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
    case 'offset':
      return 1234;
    case 'readDevice': {
      const ex = new IoContext().getExecutor();
      return { getExecutor: () => ex, asyncReadSomeAt: () => {} };
    }
    case 'writeDevice': {
      const ex = new IoContext().getExecutor();
      return { getExecutor: () => ex, asyncWriteSomeAt: () => {} };
    }
    case 'syncReadDevice':
      return { readSomeAt: () => 0 };
    case 'syncWriteDevice':
      return { writeSomeAt: () => 0 };
    case 'deferredOps':
    case 'launchable':
      return post(new IoContext());
  }
}

// ---------------------------------------------------------------------------------------------
// Generated wrong values.

const anythingArb = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withDate: true,
});

const specialFactories: Array<() => unknown> = [
  () => NaN,
  () => -1,
  () => 1.5,
  () => Infinity,
  () => -Infinity,
  () => 2 ** 53,
  () => -0,
  () => '',
  () => 'text',
  () => 'ĀĀ',
  () => Symbol('s'),
  () => [],
  () => [1, 2],
  () => [new Uint8Array(1), 'x'],
  () => new Uint8Array(2),
  () => new ArrayBuffer(2),
  () => () => {},
  () => function* () {},
  () => async () => {},
  () => Object.create(null) as unknown,
  () => new Date(NaN),
  () => new Date(0),
  () => new Error('an error'),
  () => ({ then: 1 }),
  () => ({ value: 42 }),
  () => ({ error: 1 }),
  () => ({ getExecutor: 1 }),
  () => true,
  () => null,
  () => undefined,
  () => 10n,
];
const specialArb = fc.nat(specialFactories.length - 1).map((i) => specialFactories[i]!());
const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anythingArb },
  { weight: 2, arbitrary: specialArb },
  { weight: 1, arbitrary: fc.func(anythingArb) },
);

// ---------------------------------------------------------------------------------------------
// The table.

interface Param {
  readonly name: string;
  readonly kind: Kind;
  readonly optional?: boolean;
  /** Other names a message may start with for this argument (the documented name, a path pattern). */
  readonly names?: readonly (string | RegExp)[];
  /** A valid value, when the kind's sample is not the right one here. */
  readonly sample?: () => unknown;
  /** Values valid here beyond the kind's (e.g. null where the signature allows it). */
  readonly alsoValid?: (x: unknown) => boolean;
}

interface Entry {
  readonly pkg: 'core' | 'io';
  readonly name: string;
  readonly construct?: boolean;
  readonly params: readonly Param[];
}

const p = (name: string, kind: Kind, extra: Partial<Omit<Param, 'name' | 'kind'>> = {}): Param => ({ name, kind, ...extra });
const opt = (name: string, kind: Kind, extra: Partial<Omit<Param, 'name' | 'kind'>> = {}): Param => ({ name, kind, optional: true, ...extra });

/** Checked with wrong-typed arguments. */
const table: readonly Entry[] = [
  // core: errors
  { pkg: 'core', name: 'SystemError', construct: true, params: [p('code', 'errorCode'), opt('detail', 'string'), opt('options', 'options')] },
  { pkg: 'core', name: 'makeError', params: [p('code', 'errorCode'), opt('detail', 'string'), opt('cause', 'any')] },
  // An object `err`, so that `code` is actually read.
  { pkg: 'core', name: 'checkFunction', params: [p('name', 'any', { sample: () => 'fn' }), p('value', 'function', { names: ['fn'] })] },
  { pkg: 'core', name: 'errorIs', params: [p('err', 'any', { sample: () => new Error('x') }), p('code', 'errorCode')] },
  // core: cancellation
  { pkg: 'core', name: 'CancellationSlot', construct: true, params: [opt('signal', 'cancellationSignal', { alsoValid: (x) => x === null })] },
  {
    pkg: 'core',
    name: 'CancellationState',
    construct: true,
    params: [opt('parent', 'cancellationSlot'), opt('inFilter', 'function'), opt('outFilter', 'function')],
  },
  { pkg: 'core', name: 'AbortSignalSlot', construct: true, params: [p('signal', 'abortSignal'), opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'bindAbortSignal', params: [p('signal', 'abortSignal'), opt('token', 'token'), opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'toAbortSignal', params: [p('signal', 'cancellationSignal'), opt('mask', 'cancellationType')] },
  { pkg: 'core', name: 'cancelAfter', params: [p('ms', 'ms'), opt('token', 'token'), opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'cancelAt', params: [p('time', 'time'), opt('token', 'token'), opt('type', 'cancellationType')] },
  // core: executors and work
  { pkg: 'core', name: 'toExecutor', params: [p('name', 'any', { sample: () => 'executor' }), p('x', 'executor', { names: ['executor'] })] },
  { pkg: 'core', name: 'IoContextExecutor', construct: true, params: [p('context', 'ioContext')] },
  { pkg: 'core', name: 'Strand', construct: true, params: [p('inner', 'executor')] },
  { pkg: 'core', name: 'makeStrand', params: [p('executor', 'executor')] },
  { pkg: 'core', name: 'WorkGuard', construct: true, params: [p('executor', 'executorStrict')] },
  { pkg: 'core', name: 'makeWorkGuard', params: [p('executor', 'executor')] },
  { pkg: 'core', name: 'HandlerWork', construct: true, params: [p('handler', 'function'), p('ioExecutor', 'executorStrict')] },
  // core: associators and binders
  { pkg: 'core', name: 'getAssociatedExecutor', params: [p('handler', 'any'), opt('defaultExecutor', 'executorStrict')] },
  { pkg: 'core', name: 'getAssociatedCancellationSlot', params: [p('handler', 'any'), opt('defaultSlot', 'cancellationSlot')] },
  { pkg: 'core', name: 'getAssociatedImmediateExecutor', params: [p('handler', 'any'), p('ioExecutor', 'executorStrict')] },
  { pkg: 'core', name: 'postingExecutor', params: [p('ex', 'executorStrict', { names: ['executor'] })] },
  { pkg: 'core', name: 'withAssociationsOf', params: [p('wrapper', 'objectOrFunction'), p('from', 'any')] },
  { pkg: 'core', name: 'withAssociation', params: [p('wrapper', 'objectOrFunction'), p('from', 'any'), p('key', 'any'), p('value', 'any')] },
  { pkg: 'core', name: 'bindExecutor', params: [p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'bindCancellationSlot', params: [p('slot', 'cancellationSlot'), opt('token', 'token')] },
  { pkg: 'core', name: 'bindImmediateExecutor', params: [p('executor', 'executor'), opt('token', 'token')] },
  // core: the token protocol and tokens
  { pkg: 'core', name: 'checkToken', params: [p('name', 'any', { sample: () => 'token' }), p('token', 'token')] },
  { pkg: 'core', name: 'asyncInitiate', params: [p('initiation', 'function'), p('token', 'token')] },
  { pkg: 'core', name: 'setDetachedErrorReporter', params: [p('next', 'function', { names: ['reporter'] })] },
  { pkg: 'core', name: 'deferred', params: [p('fn', 'function')] },
  { pkg: 'core', name: 'makeDeferredOperation', params: [p('initiation', 'function')] },
  { pkg: 'core', name: 'asTuple', params: [opt('token', 'token')] },
  { pkg: 'core', name: 'redirectError', params: [p('token', 'token'), p('ref', 'object')] },
  // The partial form: redirectError(ref).
  { pkg: 'core', name: 'redirectError', params: [p('ref', 'object')] },
  { pkg: 'core', name: 'append', params: [p('token', 'token'), p('values', 'any')] },
  { pkg: 'core', name: 'prepend', params: [p('token', 'token'), p('values', 'any')] },
  { pkg: 'core', name: 'consign', params: [p('token', 'token'), p('values', 'any')] },
  // core: initiating functions
  // (executor, token?) or (token): a wrong first argument with a handler second names the executor.
  { pkg: 'core', name: 'post', params: [p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'dispatch', params: [p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'defer', params: [p('executor', 'executor'), opt('token', 'token')] },
  // Asio 1.37's function form: (fn, executor, token?).
  { pkg: 'core', name: 'post', params: [p('fn', 'function'), p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'dispatch', params: [p('fn', 'function'), p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'defer', params: [p('fn', 'function'), p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'asyncImmediate', params: [p('executor', 'executor'), opt('token', 'token')] },
  {
    pkg: 'core',
    name: 'asyncCompose',
    params: [p('implementation', 'function'), opt('token', 'token'), p('ioObjectsOrExecutors', 'executor', { names: [/^ioObjectsOrExecutors\[\d+\]/] })],
  },
  { pkg: 'core', name: 'coSpawn', params: [p('executor', 'executor'), p('coroutine', 'coroutine'), opt('token', 'token')] },
  { pkg: 'core', name: 'spawn', params: [p('executor', 'executor'), p('fn', 'generatorFunction'), opt('token', 'token')] },
  {
    pkg: 'core',
    name: 'coComposed',
    params: [p('body', 'function'), opt('token', 'token'), p('ioObjectsOrExecutors', 'executor', { names: [/^ioObjectsOrExecutors\[\d+\]/] })],
  },
  { pkg: 'core', name: 'waitForOne', params: [opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'waitForOneSuccess', params: [opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'waitForOneError', params: [opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'makeParallelGroup', params: [p('ops', 'deferredOps', { names: [/^ops\[\d+\]/] })] },
  // core: timers (the expiry: any number but NaN, a duration; or { at }, an absolute time)
  {
    pkg: 'core',
    name: 'SteadyTimer',
    construct: true,
    params: [
      p('executorOrContext', 'executor'),
      opt('expiry', 'ms', {
        alsoValid: (x) =>
          (typeof x === 'number' && !Number.isNaN(x)) ||
          (typeof x === 'object' && x !== null && typeof (x as { at?: unknown }).at === 'number' && !Number.isNaN((x as { at: number }).at)),
      }),
    ],
  },
  // core: awaitable operators (each operation is ops[i])
  { pkg: 'core', name: 'awaitAll', params: [p('ops', 'launchable', { names: [/^ops\[\d+\]/] })] },
  { pkg: 'core', name: 'awaitAny', params: [p('ops', 'launchable', { names: [/^ops\[\d+\]/] })] },
  // core: channels
  { pkg: 'core', name: 'Channel', construct: true, params: [p('executorOrContext', 'executor'), opt('capacity', 'limit')] },
  { pkg: 'core', name: 'ConcurrentChannel', construct: true, params: [p('executorOrContext', 'executor'), opt('capacity', 'limit')] },
  // io: buffers
  { pkg: 'io', name: 'buffer', params: [p('data', 'bufferData'), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'bufferSize', params: [p('buffers', 'bufferSeq')] },
  { pkg: 'io', name: 'bufferCopy', params: [p('target', 'bufferSeq'), p('source', 'bufferSeq'), opt('maxBytes', 'limit')] },
  { pkg: 'io', name: 'ByteVector', construct: true, params: [opt('init', 'byteInit', { names: [/^init(\.length|\[\d+\])?/] })] },
  // io: completion conditions
  { pkg: 'io', name: 'completionCondition', params: [p('fn', 'function')] },
  { pkg: 'io', name: 'transferAtLeast', params: [p('n', 'limit')] },
  { pkg: 'io', name: 'transferExactly', params: [p('n', 'limit')] },
  // io: dynamic buffers
  { pkg: 'io', name: 'dynamicStringBuffer', params: [p('ref', 'stringRef', { names: ['ref.value'] }), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'dynamicStringBufferV2', params: [p('ref', 'stringRef', { names: ['ref.value'] }), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'dynamicBuffer', params: [p('vec', 'byteVector'), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'dynamicBufferV2', params: [p('vec', 'byteVector'), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'Streambuf', construct: true, params: [opt('maxSize', 'limit')] },
  // io: writes
  {
    pkg: 'io',
    name: 'asyncWrite',
    params: [p('stream', 'stream'), p('buffers', 'writeSource'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'write',
    params: [p('stream', 'syncStream'), p('buffers', 'writeSource'), opt('condition', 'condition', { names: ['completionCondition'] }), opt('errorRef', 'object')],
  },
  // io: random access
  {
    pkg: 'io',
    name: 'asyncReadAt',
    params: [p('device', 'readDevice'), p('offset', 'offset'), p('buffers', 'bufferSeq'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'asyncWriteAt',
    params: [p('device', 'writeDevice'), p('offset', 'offset'), p('buffers', 'bufferSeq'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'readAt',
    params: [
      p('device', 'syncReadDevice'),
      p('offset', 'offset'),
      p('buffers', 'bufferSeq'),
      opt('condition', 'condition', { names: ['completionCondition'] }),
      opt('errorRef', 'object'),
    ],
  },
  {
    pkg: 'io',
    name: 'writeAt',
    params: [
      p('device', 'syncWriteDevice'),
      p('offset', 'offset'),
      p('buffers', 'bufferSeq'),
      opt('condition', 'condition', { names: ['completionCondition'] }),
      opt('errorRef', 'object'),
    ],
  },
  // io: reads
  {
    pkg: 'io',
    name: 'asyncRead',
    params: [p('stream', 'readStream'), p('buffers', 'readTarget'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'read',
    params: [p('stream', 'syncReadStream'), p('buffers', 'readTarget'), opt('condition', 'condition', { names: ['completionCondition'] }), opt('errorRef', 'object')],
  },
  { pkg: 'io', name: 'asyncReadUntil', params: [p('stream', 'readStream'), p('buffers', 'dynamicBuffer'), p('match', 'match'), opt('token', 'token')] },
  { pkg: 'io', name: 'readUntil', params: [p('stream', 'syncReadStream'), p('buffers', 'dynamicBuffer'), p('match', 'match'), opt('errorRef', 'object')] },
  { pkg: 'io', name: 'TestStream', construct: true, params: [p('executor', 'executor'), opt('options', 'options')] },
  { pkg: 'io', name: 'WriteQueue', construct: true, params: [p('stream', 'stream')] },
  // io: adapters
  { pkg: 'io', name: 'fromWritable', params: [p('writable', 'writable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromFileHandle', params: [p('fileHandle', 'fileHandle'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromWebWritable', params: [p('writableStream', 'webWritable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromReadable', params: [p('readable', 'readable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromWebReadable', params: [p('readableStream', 'webReadable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromDuplex', params: [p('duplex', 'duplex'), opt('options', 'options')] },
];

/** Functions that legitimately accept anything: checked never to throw, whatever they get. */
const acceptsAnything: Readonly<Record<string, string>> = {
  'core.checkFunction(name)': 'the label of the argument the caller checks',
  'core.describeValue': 'describes any value: nothing to refuse',
  'core.errorIs(err)': 'a comparison: any value may be tested (the code argument is in the table)',
  'core.fromNodeError': 'maps whatever a Node API threw (a value of any type) onto a SystemError',
  'core.isExecutor': 'a type predicate',
  'core.isExecutionContext': 'a type predicate',
  'core.isTokenObject': 'a type predicate',
  'core.isCompletionToken': 'a type predicate',
  'core.disableCancellation': 'a cancellation filter that ignores its argument',
  'core.waitForAll': 'takes no parameters (extra arguments are ignored, as in any JavaScript function)',
  'core.CancellationSignal': 'takes no parameters',
  'core.IoContext': 'takes no parameters',
  'core.getAssociatedExecutor(handler)': 'any value may carry (or not) associations; the default argument is in the table',
  'core.getAssociatedCancellationSlot(handler)': 'as getAssociatedExecutor',
  'core.getAssociatedImmediateExecutor(handler)': 'as getAssociatedExecutor',
  'core.makeError(cause)': 'a cause may be any value (Error.cause is unrestricted)',
  'core.append(values)': 'the appended values are the caller\'s data',
  'core.prepend(values)': 'the prepended values are the caller\'s data',
  'core.consign(values)': 'values kept alive with the handler: the caller\'s data',
  'core.toExecutor(name)': 'a label for the error message',
  'core.checkToken(name)': 'a label for the error message',
  'io.isConstBufferSequence': 'a type predicate',
  'io.isMutableBufferSequence': 'a type predicate',
  'io.isCompletionCondition': 'a type predicate',
  'io.isDynamicBufferV1': 'a type predicate',
  'io.isDynamicBufferV2': 'a type predicate',
  'io.isAsyncWriteStream': 'a type predicate',
  'io.isSyncWriteStream': 'a type predicate',
  'io.isAsyncReadStream': 'a type predicate',
  'io.isAsyncRandomAccessReadDevice': 'a type predicate',
  'io.isAsyncRandomAccessWriteDevice': 'a type predicate',
  'io.isSyncRandomAccessReadDevice': 'a type predicate',
  'io.isSyncRandomAccessWriteDevice': 'a type predicate',
  'io.isSyncReadStream': 'a type predicate',
  'io.transferAll': 'takes no parameters',
};

/** Exports not called here, and why. */
const excluded: Readonly<Record<string, string>> = {
  'core.enableTerminalCancellation':
    "a cancellation filter, called by the library with a CancellationType on its hot path; it masks bits as Asio's cancellation_filter does and checks nothing (a Symbol, a BigInt or an object without a primitive value gets JavaScript's own TypeError)",
  'core.enablePartialCancellation': 'a cancellation filter (see enableTerminalCancellation)',
  'core.enableTotalCancellation': 'a cancellation filter (see enableTerminalCancellation)',
  'core.CancelAfter': 'a token class made by cancelAfter/cancelAt (in the table); exported for typing and instanceof',
  'core.DeferredFunction': 'a token class made by deferred(fn) (in the table); exported for typing and instanceof',
  'core.AsTuple': 'a token class made by asTuple (in the table); exported for typing and instanceof',
  'core.RedirectError': 'a token class made by redirectError (in the table); exported for typing and instanceof',
  'core.Append': 'a token class made by append (in the table); exported for typing and instanceof',
  'core.Prepend': 'a token class made by prepend (in the table); exported for typing and instanceof',
  'core.Consign': 'a token class made by consign (in the table); exported for typing and instanceof',
  'core.Awaitable': 'made by the useAwaitable token; its constructor is @internal',
  'core.CoroutineContext': 'made by coSpawn for the coroutine; its constructor is @internal',
  'core.YieldContext': 'made by spawn for the coroutine; its constructor is @internal',
  'core.ParallelGroup': 'made by makeParallelGroup (in the table)',
  'core.RangedParallelGroup': 'made by makeParallelGroup (in the table)',
};

// ---------------------------------------------------------------------------------------------
// Running an entry.

const modules = { core: core as unknown as Record<string, unknown>, io: io as unknown as Record<string, unknown> };

type Verdict = { ok: true } | { ok: false; why: string };

function startsWithName(message: string, names: readonly (string | RegExp)[]): boolean {
  return names.some((n) => {
    if (n instanceof RegExp) return n.test(message);
    if (!message.startsWith(n)) return false;
    const next = message.charAt(n.length);
    return next === '' || next === ' ' || next === '.' || next === '[' || next === ':';
  });
}

function show(x: unknown): string {
  try {
    if (typeof x === 'symbol') return x.toString();
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'function') return `function ${x.name || '(anonymous)'}`;
    if (x instanceof Uint8Array) return `Uint8Array(${x.length})`;
    if (typeof x === 'number' && Object.is(x, -0)) return '-0';
    const s = fc.stringify(x);
    return s.length > 80 ? `${s.slice(0, 80)}...` : s;
  } catch {
    return Object.prototype.toString.call(x);
  }
}

function callEntry(entry: Entry, args: unknown[]): unknown {
  const f = modules[entry.pkg][entry.name] as (...a: unknown[]) => unknown;
  if (entry.construct) return new (f as unknown as new (...a: unknown[]) => unknown)(...args);
  return f(...args);
}

function judge(entry: Entry, index: number, args: unknown[]): Verdict {
  const param = entry.params[index]!;
  const names = [param.name, ...(param.names ?? [])];
  try {
    callEntry(entry, args);
  } catch (e) {
    if (!(e instanceof Error)) return { ok: false, why: `threw a non-Error: ${show(e)}` };
    if (e.constructor !== TypeError && e.constructor !== RangeError) {
      return { ok: false, why: `threw a ${e.constructor.name} (${e.message}), not a TypeError or RangeError` };
    }
    if (!startsWithName(e.message, names)) return { ok: false, why: `threw ${e.constructor.name} "${e.message}", which does not name ${param.name}` };
    return { ok: true };
  }
  return { ok: false, why: 'accepted it without throwing' };
}

const figures = { functionsChecked: 0, argumentsChecked: 0, callsMade: 0, anythingCalls: 0, findings: 0 };
afterAll(() => reportFigures('bad-input', figures));

describe('the bad-input table covers every export', () => {
  test.each(['core', 'io'] as const)('every function export of @asio-ts/%s is in the table, the anything list or the exclusions', (pkg) => {
    const listed = new Set<string>([
      ...table.filter((e) => e.pkg === pkg).map((e) => e.name),
      ...Object.keys(acceptsAnything)
        .filter((k) => k.startsWith(`${pkg}.`))
        .map((k) => k.slice(pkg.length + 1).replace(/\(.*\)$/, '')),
      ...Object.keys(excluded)
        .filter((k) => k.startsWith(`${pkg}.`))
        .map((k) => k.slice(pkg.length + 1)),
    ]);
    const functions = Object.entries(modules[pkg])
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    const missing = functions.filter((k) => !listed.has(k));
    expect(missing).toEqual([]);
  });
});

describe.each(table.map((e) => [`${e.pkg}.${e.name}`, e] as const))('%s', (_label, entry) => {
  const checked = entry.params.map((param, i) => [param, i] as const).filter(([param]) => param.kind !== 'any');
  test.each(checked.map(([param, i]) => [param.name, i] as const))(
    'a wrong-typed %s throws a TypeError or RangeError naming it',
    (_name, index) => {
      figures.functionsChecked += index === checked[0]![1] ? 1 : 0;
      figures.argumentsChecked++;
      const param = entry.params[index]!;
      const wrong = junkArb.filter(
        (v) => !valid(param.kind, v) && !(param.optional === true && v === undefined) && !(param.alsoValid?.(v) ?? false),
      );
      try {
        fc.assert(
          fc.property(wrong, (value) => {
            figures.callsMade++;
            const args = entry.params.map((q, j) => (j === index ? value : q.sample !== undefined ? q.sample() : sample(q.kind)));
            const verdict = judge(entry, index, args);
            if (!verdict.ok) throw new Error(`${entry.pkg}.${entry.name}: ${param.name} = ${show(value)} ${verdict.why}`);
          }),
          fcParams(),
        );
      } catch (e) {
        figures.findings++;
        throw e;
      }
    },
  );
});

describe('functions that accept anything never throw', () => {
  const simple = Object.keys(acceptsAnything).filter((k) => !k.includes('('));
  test.each(simple)('%s', (key) => {
    const [pkg, name] = key.split('.') as ['core' | 'io', string];
    const f = modules[pkg][name] as (...a: unknown[]) => unknown;
    const predicate = /^is[A-Z]/.test(name);
    fc.assert(
      fc.property(fc.array(junkArb, { minLength: 1, maxLength: 3 }), (args) => {
        figures.anythingCalls++;
        const r = f.prototype !== undefined && /^[A-Z]/.test(name) ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args);
        if (predicate && typeof r !== 'boolean') throw new Error(`${key} returned ${show(r)}, not a boolean`);
        if (name === 'fromNodeError' && !(r instanceof core.SystemError)) throw new Error(`fromNodeError returned ${show(r)}`);
      }),
      fcParams(),
    );
  });
});
