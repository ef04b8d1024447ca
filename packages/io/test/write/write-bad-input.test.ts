/**
 * Programmer errors in calls to `asyncWrite` / `write` throw synchronously: a TypeError for a
 * wrong type, a RangeError for a bad number, each message starting with the argument's name.
 * A dynamic buffer past its maximum size fails with a SystemError (noBufferSpace), thrown, as
 * Asio throws length_error. After any of them nothing was written, nothing consumed, and the
 * context holds no leftover work.
 */
import { open } from 'node:fs/promises';
import { Socket } from 'node:net';
import { devNull } from 'node:os';
import { PassThrough, Readable, Writable } from 'node:stream';
import {
  bindCancellationSlot,
  CancellationSignal,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import {
  asyncWrite,
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  TestStream,
  transferAll,
  write,
  type ConstBufferSequence,
  type WriteHandler,
} from '@asio-ts/io';
import { writeData } from '../helpers/bytes.js';

/** Call with arguments the types forbid, as JavaScript callers can. */
const untypedAsyncWrite = asyncWrite as unknown as (...args: unknown[]) => unknown;
const untypedWrite = write as unknown as (...args: unknown[]) => unknown;

interface Ctx {
  ioc: IoContext;
  stream: TestStream;
  sb: Streambuf;
  handler: WriteHandler;
  calls: () => number;
}

function makeCtx(): Ctx {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 10 });
  const sb = new Streambuf();
  sb.sputn(writeData);
  let n = 0;
  return { ioc, stream, sb, handler: () => void n++, calls: () => n };
}

type ErrorClass = typeof TypeError | typeof RangeError;
type Row = readonly [name: string, call: (c: Ctx) => unknown, type: ErrorClass, message: RegExp];

const negative = (): number => -1;
const fractional = (): number => 1.5;
const notANumber = (): number => NaN;
const minusInfinity = (): number => -Infinity;
const aString = (): number => '3' as unknown as number;

const rows: readonly Row[] = [
  // The stream.
  ['a plain object as the stream', (c) => untypedAsyncWrite({}, c.sb, c.handler), TypeError, /^stream must be an AsyncWriteStream/],
  ['null as the stream', (c) => untypedAsyncWrite(null, c.sb, c.handler), TypeError, /^stream must be an AsyncWriteStream/],
  [
    'a stream without getExecutor',
    (c) => untypedAsyncWrite({ asyncWriteSome: () => {} }, c.sb, c.handler),
    TypeError,
    /^stream must be an AsyncWriteStream/,
  ],
  ['a non-stream for sync write', (c) => untypedWrite({ write: () => 0 }, c.sb), TypeError, /^stream must be a SyncWriteStream/],
  // A Node or WHATWG stream where an asio-ts stream is expected: the message names the adapter.
  [
    'a net.Socket as the stream',
    (c) => untypedAsyncWrite(new Socket(), c.sb, c.handler),
    TypeError,
    /^stream must be an AsyncWriteStream \(getExecutor\(\) and asyncWriteSome\(\)\), got an instance of Socket \(a Node stream\.Duplex\): wrap it: fromDuplex\(stream\)$/,
  ],
  ['a stream.Writable as the stream', (c) => untypedAsyncWrite(new Writable({ write: (_b, _e, cb) => cb() }), c.sb, c.handler), TypeError, /\(a Node stream\.Writable\): wrap it: fromWritable\(stream\)$/],
  [
    'a WHATWG WritableStream as the stream',
    (c) => untypedAsyncWrite(new WritableStream(), c.sb, c.handler),
    TypeError,
    /^stream must be an AsyncWriteStream .*got an instance of WritableStream \(a WHATWG WritableStream\): wrap it: fromWebWritable\(stream\)$/,
  ],
  ['a WHATWG TransformStream as the stream', (c) => untypedAsyncWrite(new TransformStream(), c.sb, c.handler), TypeError, /: wrap it: fromWebWritable\(transform\.writable\)$/],
  [
    'a FileHandle look-alike (fd, write, read) as the stream',
    (c) => untypedAsyncWrite({ fd: 3, write: async () => ({}), read: async () => ({}), close: async () => {} }, c.sb, c.handler),
    TypeError,
    /\(a FileHandle of node:fs\/promises\): wrap it: fromFileHandle\(handle\)$/,
  ],
  ['a stream.Readable as the stream', (c) => untypedAsyncWrite(new Readable({ read() {} }), c.sb, c.handler), TypeError, /\(a Node stream\.Readable, which cannot be written\)$/],
  ['a SyncWriteStream given to asyncWrite', (c) => untypedAsyncWrite({ writeSome: () => 0 }, c.sb, c.handler), TypeError, /\(a SyncWriteStream: write it with write\)$/],
  [
    'a Node stream given to sync write',
    (c) => untypedWrite(new PassThrough(), c.sb),
    TypeError,
    /^stream must be a SyncWriteStream \(writeSome\(\)\), got an instance of PassThrough \(a Node stream\.Duplex\): it writes asynchronously, so use asyncWrite\(fromDuplex\(stream\), \.\.\.\)$/,
  ],
  ['a WHATWG WritableStream given to sync write', (c) => untypedWrite(new WritableStream(), c.sb), TypeError, /so use asyncWrite\(fromWebWritable\(stream\), \.\.\.\)$/],
  [
    'an AsyncWriteStream given to sync write',
    (c) => untypedWrite({ getExecutor: () => c.ioc.getExecutor(), asyncWriteSome: () => {} }, c.sb),
    TypeError,
    /\(an AsyncWriteStream: write it with asyncWrite\)$/,
  ],

  // The buffers.
  ['a string as the buffers', (c) => untypedAsyncWrite(c.stream, 'hello', c.handler), TypeError, /^buffers must be a Uint8Array or an iterable of Uint8Array, got "hello"/],
  ['a number as the buffers', (c) => untypedAsyncWrite(c.stream, 42, c.handler), TypeError, /^buffers must be .* got 42/],
  ['undefined as the buffers', (c) => untypedAsyncWrite(c.stream, undefined, c.handler), TypeError, /^buffers must be/],
  // (An ArrayBuffer or another ArrayBufferView is written as its bytes: write-byte-views.test.ts.)
  ['a symbol as the buffers', (c) => untypedAsyncWrite(c.stream, Symbol('b'), c.handler), TypeError, /^buffers must be .* got a symbol/],
  [
    'an array with a non-Uint8Array element',
    (c) => untypedAsyncWrite(c.stream, [writeData, 'x'], c.handler),
    TypeError,
    /^buffers must be .* element 1 is "x"/,
  ],
  [
    'a generator yielding a non-Uint8Array',
    (c) => untypedAsyncWrite(c.stream, (function* () { yield writeData; yield [1, 2]; })(), c.handler),
    TypeError,
    /^buffers must be .* element 1/,
  ],
  ['an array of numbers for sync write', (c) => untypedWrite(c.stream, [1, 2, 3]), TypeError, /^buffers must be .* element 0 is 1/],

  // The completion condition.
  ['a string as the condition', (c) => untypedAsyncWrite(c.stream, c.sb, 'all', c.handler), TypeError, /^completionCondition must be a function, got "all"/],
  ['a number as the condition', (c) => untypedAsyncWrite(c.stream, c.sb, 5, useFuture), TypeError, /^completionCondition must be a function/],
  ['null as the condition', (c) => untypedAsyncWrite(c.stream, c.sb, null, c.handler), TypeError, /^completionCondition must be a function/],
  ['a string as the condition of sync write', (c) => untypedWrite(c.stream, c.sb, 'all'), TypeError, /^completionCondition must be a function/],
  ['a condition returning -1', (c) => asyncWrite(c.stream, c.sb, negative, c.handler), RangeError, /^completionCondition must return a non-negative integer or Infinity, got -1/],
  ['a condition returning 1.5', (c) => asyncWrite(c.stream, c.sb, fractional, c.handler), RangeError, /^completionCondition .* got 1\.5/],
  ['a condition returning NaN', (c) => asyncWrite(c.stream, c.sb, notANumber, c.handler), RangeError, /^completionCondition .* got NaN/],
  ['a condition returning -Infinity', (c) => asyncWrite(c.stream, c.sb, minusInfinity, c.handler), RangeError, /^completionCondition .* got -Infinity/],
  ['a condition returning a string', (c) => asyncWrite(c.stream, c.sb, aString, c.handler), TypeError, /^completionCondition must return a number or a boolean/],
  ['a condition returning NaN, with useFuture', (c) => asyncWrite(c.stream, c.sb, notANumber, useFuture), RangeError, /^completionCondition/],
  ['a condition returning -1, deferred and launched', (c) => asyncWrite(c.stream, c.sb, negative, undefined)(c.handler), RangeError, /^completionCondition/],
  ['a condition returning -1, sync write', (c) => write(c.stream, c.sb, negative), RangeError, /^completionCondition/],

  // The token.
  ['42 as the token', (c) => untypedAsyncWrite(c.stream, c.sb, 42), TypeError, /^token must be a completion handler function or a completion token/],
  ['42 as the token after a condition', (c) => untypedAsyncWrite(c.stream, c.sb, transferAll(), 42), TypeError, /^token must be/],
  ['null as the token', (c) => untypedAsyncWrite(c.stream, c.sb, null), TypeError, /^token must be/],
  ['an object without [asyncResult] as the token', (c) => untypedAsyncWrite(c.stream, c.sb, { then() {} }), TypeError, /^token must be/],
  ['a string as the token of a deferred operation', (c) => (asyncWrite(c.stream, c.sb) as unknown as (t: unknown) => unknown)('cb'), TypeError, /^token/],

  // The errorRef of sync write.
  ['a string as the errorRef', (c) => untypedWrite(c.stream, c.sb, transferAll(), 'ref'), TypeError, /^errorRef must be an object/],
];

describe.each(rows)('%s', (_name, call, type, message) => {
  test(`throws a ${type.name} naming the argument, and nothing was written or consumed`, async () => {
    const c = makeCtx();
    let thrown: unknown;
    try {
      call(c);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).message).toMatch(message);
    expect(c.stream.writeCalls).toBe(0);
    expect(c.stream.received()).toHaveLength(0);
    expect(c.sb.data()).toEqual(writeData);
    // No work left behind: the context runs out of work at once.
    await expect(c.ioc.run()).resolves.toBe(0);
    expect(c.calls()).toBe(0);
  });
});

describe('a real FileHandle as the stream', () => {
  test('asyncWrite and write say to wrap it with fromFileHandle', async () => {
    const handle = await open(devNull, 'w');
    try {
      expect(() => untypedAsyncWrite(handle, new Uint8Array(1), () => {})).toThrow(
        /^stream must be an AsyncWriteStream .*got an instance of FileHandle \(a FileHandle of node:fs\/promises\): wrap it: fromFileHandle\(handle\)$/,
      );
      expect(() => untypedWrite(handle, new Uint8Array(1))).toThrow(/so use asyncWrite\(fromFileHandle\(handle\), \.\.\.\)$/);
    } finally {
      await handle.close();
    }
  });
});

describe('after a programmer error thrown mid-initiation', () => {
  test('a bad condition: the cancellation slot is released and the dynamic buffer untouched', async () => {
    const c = makeCtx();
    const sig = new CancellationSignal();
    expect(() => asyncWrite(c.stream, c.sb, negative, bindCancellationSlot(sig.slot(), c.handler))).toThrow(RangeError);
    expect(sig.slot().hasHandler()).toBe(false);
    expect(c.sb.data()).toEqual(writeData);
    await expect(c.ioc.run()).resolves.toBe(0);
  });

  test('a condition that throws its own error: the error propagates, nothing written', async () => {
    const c = makeCtx();
    const boom = new Error('condition bug');
    expect(() => asyncWrite(c.stream, c.sb, () => { throw boom; }, c.handler)).toThrow(boom);
    expect(c.stream.writeCalls).toBe(0);
    expect(c.sb.data()).toEqual(writeData);
    await expect(c.ioc.run()).resolves.toBe(0);
  });

  test('a stream whose asyncWriteSome throws: the error propagates, nothing consumed, no work left', async () => {
    const c = makeCtx();
    const stream = {
      getExecutor: () => c.ioc.getExecutor(),
      asyncWriteSome(_b: ConstBufferSequence, _h: WriteHandler): void {
        throw new TypeError('handler must be a function object');
      },
    };
    expect(() => asyncWrite(stream, c.sb, c.handler)).toThrow(TypeError);
    expect(c.sb.data()).toEqual(writeData);
    await expect(c.ioc.run()).resolves.toBe(0);
    expect(c.calls()).toBe(0);
  });

  test('awaiting a deferred write with a bad condition rejects with the RangeError', async () => {
    const c = makeCtx();
    await expect((async () => await asyncWrite(c.stream, c.sb, notANumber, undefined))()).rejects.toThrow(RangeError);
    expect(c.sb.data()).toEqual(writeData);
    await expect(c.ioc.run()).resolves.toBe(0);
  });
});

describe('TestStream options', () => {
  test.each([
    ['negative', -1],
    ['fractional', 2.5],
    ['NaN', NaN],
    ['-Infinity', -Infinity],
  ] as const)('a %s maxWriteSize is a RangeError naming options.maxWriteSize', (_n, v) => {
    expect(() => new TestStream(new IoContext(), { maxWriteSize: v })).toThrow(RangeError);
    expect(() => new TestStream(new IoContext(), { maxWriteSize: v })).toThrow(/^options\.maxWriteSize must be a non-negative integer or Infinity/);
  });
});

describe('a dynamic buffer past its maximum size', () => {
  test.each([
    ['dynamicStringBuffer.prepare', () => dynamicStringBuffer({ value: 'abc' }, 4).prepare(2)],
    ['Streambuf.prepare', () => { const sb = new Streambuf(4); sb.sputn('abc'); return sb.prepare(2); }],
    ['dynamicBuffer.prepare', () => dynamicBuffer(new ByteVector(3), 4).prepare(2)],
    ['dynamicBufferV2.grow', () => dynamicBufferV2(new ByteVector(3), 4).grow(2)],
    ['dynamicStringBufferV2.grow', () => dynamicStringBufferV2({ value: 'abc' }, 4).grow(2)],
  ] as const)('%s throws the SystemError noBufferSpace', (_n, f) => {
    let thrown: unknown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SystemError);
    expect(errorIs(thrown, errors.noBufferSpace)).toBe(true);
    expect((thrown as SystemError).code).toBe('ENOBUFS');
    expect((thrown as Error).message).toMatch(/maxSize 4/);
  });

  test('prepare within maxSize after consuming is fine again', () => {
    const sb = new Streambuf(4);
    sb.sputn('abcd');
    expect(() => sb.prepare(1)).toThrow(SystemError);
    sb.consume(2);
    expect(sb.prepare(2)).toHaveLength(2);
  });
});
