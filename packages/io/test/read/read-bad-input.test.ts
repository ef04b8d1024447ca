/**
 * Programmer errors in calls to `asyncRead` / `read` / `asyncReadUntil` / `readUntil` throw
 * synchronously: a TypeError for a wrong type, a RangeError for a bad number, each message
 * starting with the argument's name. After any of them nothing was read, nothing committed to a
 * dynamic buffer, and the context holds no leftover work. (The generated table over every export
 * is reliability/bad-input.test.ts.)
 */
import { open } from 'node:fs/promises';
import { Socket } from 'node:net';
import { devNull } from 'node:os';
import { PassThrough, Readable, Writable } from 'node:stream';
import { bindCancellationSlot, CancellationSignal, IoContext, useFuture } from '@asio-ts/core';
import {
  asyncRead,
  asyncReadUntil,
  read,
  readUntil,
  Streambuf,
  TestStream,
  transferAll,
  type MutableBufferSequence,
  type ReadHandler,
} from '@asio-ts/io';
import { readData } from '../helpers/bytes.js';

const untypedAsyncRead = asyncRead as unknown as (...args: unknown[]) => unknown;
const untypedRead = read as unknown as (...args: unknown[]) => unknown;
const untypedAsyncReadUntil = asyncReadUntil as unknown as (...args: unknown[]) => unknown;
const untypedReadUntil = readUntil as unknown as (...args: unknown[]) => unknown;

interface Ctx {
  ioc: IoContext;
  stream: TestStream;
  sb: Streambuf;
  handler: ReadHandler;
  calls: () => number;
}

function makeCtx(): Ctx {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxReadSize: 10 });
  stream.reset(readData);
  const sb = new Streambuf();
  sb.sputn('kept');
  let n = 0;
  return { ioc, stream, sb, handler: () => void n++, calls: () => n };
}

type ErrorClass = typeof TypeError | typeof RangeError;
type Row = readonly [name: string, call: (c: Ctx) => unknown, type: ErrorClass, message: RegExp];

const notANumber = (): number => NaN;
const negative = (): number => -1;

const rows: readonly Row[] = [
  // The stream.
  ['a plain object as the stream of asyncRead', (c) => untypedAsyncRead({}, c.sb, c.handler), TypeError, /^stream must be an AsyncReadStream/],
  ['a write-only stream for asyncRead', (c) => untypedAsyncRead({ getExecutor: () => c.ioc.getExecutor(), asyncWriteSome: () => {} }, c.sb, c.handler), TypeError, /^stream must be an AsyncReadStream/],
  ['null as the stream of asyncReadUntil', (c) => untypedAsyncReadUntil(null, c.sb, '\n', c.handler), TypeError, /^stream must be an AsyncReadStream/],
  ['a non-stream for read', (c) => untypedRead({ read: () => 0 }, c.sb), TypeError, /^stream must be a SyncReadStream/],
  ['a non-stream for readUntil', (c) => untypedReadUntil(42, c.sb, '\n'), TypeError, /^stream must be a SyncReadStream/],
  // A Node or WHATWG stream where an asio-ts stream is expected: the message names the adapter.
  [
    'a net.Socket as the stream of asyncRead',
    (c) => untypedAsyncRead(new Socket(), c.sb, c.handler),
    TypeError,
    /^stream must be an AsyncReadStream \(getExecutor\(\) and asyncReadSome\(\)\), got an instance of Socket \(a Node stream\.Duplex\): wrap it: fromDuplex\(stream\)$/,
  ],
  ['a PassThrough as the stream of asyncReadUntil', (c) => untypedAsyncReadUntil(new PassThrough(), c.sb, '\n', c.handler), TypeError, /\(a Node stream\.Duplex\): wrap it: fromDuplex\(stream\)$/],
  [
    'a stream.Readable as the stream of asyncRead',
    (c) => untypedAsyncRead(new Readable({ read() {} }), c.sb, c.handler),
    TypeError,
    /^stream must be an AsyncReadStream .*got an instance of Readable \(a Node stream\.Readable\): wrap it: fromReadable\(stream\)$/,
  ],
  [
    'a WHATWG ReadableStream as the stream of asyncReadUntil',
    (c) => untypedAsyncReadUntil(new ReadableStream(), c.sb, '\n', c.handler),
    TypeError,
    /^stream must be an AsyncReadStream .*got an instance of ReadableStream \(a WHATWG ReadableStream\): wrap it: fromWebReadable\(stream\)$/,
  ],
  ['a WHATWG TransformStream as the stream', (c) => untypedAsyncRead(new TransformStream(), c.sb, c.handler), TypeError, /: wrap it: fromWebReadable\(transform\.readable\)$/],
  [
    'a FileHandle look-alike (fd, read, write) as the stream',
    (c) => untypedAsyncRead({ fd: 3, write: async () => ({}), read: async () => ({}), close: async () => {} }, c.sb, c.handler),
    TypeError,
    /\(a FileHandle of node:fs\/promises\): wrap it: fromFileHandle\(handle\)$/,
  ],
  ['a stream.Writable as the stream', (c) => untypedAsyncRead(new Writable({ write: (_b, _e, cb) => cb() }), c.sb, c.handler), TypeError, /\(a Node stream\.Writable, which cannot be read\)$/],
  ['a WHATWG WritableStream as the stream', (c) => untypedAsyncReadUntil(new WritableStream(), c.sb, '\n', c.handler), TypeError, /\(a WHATWG WritableStream, which cannot be read\)$/],
  ['a SyncReadStream given to asyncRead', (c) => untypedAsyncRead({ readSome: () => 0 }, c.sb, c.handler), TypeError, /\(a SyncReadStream: read it with read\)$/],
  [
    'a Node stream given to sync read',
    (c) => untypedRead(new Socket(), c.sb),
    TypeError,
    /^stream must be a SyncReadStream \(readSome\(\)\), got an instance of Socket \(a Node stream\.Duplex\): it reads asynchronously, so use asyncRead\(fromDuplex\(stream\), \.\.\.\)$/,
  ],
  ['a WHATWG ReadableStream given to readUntil', (c) => untypedReadUntil(new ReadableStream(), c.sb, '\n'), TypeError, /so use asyncRead\(fromWebReadable\(stream\), \.\.\.\)$/],
  ['an AsyncReadStream given to readUntil', (c) => untypedReadUntil({ getExecutor: () => c.ioc.getExecutor(), asyncReadSome: () => {} }, c.sb, '\n'), TypeError, /\(an AsyncReadStream: read it with asyncRead\)$/],

  // The buffers.
  ['a string as the buffers of asyncRead', (c) => untypedAsyncRead(c.stream, 'hello', c.handler), TypeError, /^buffers must be a Uint8Array or an iterable of Uint8Array, got "hello"/],
  ['an array with a non-Uint8Array element', (c) => untypedAsyncRead(c.stream, [new Uint8Array(2), 'x'], c.handler), TypeError, /^buffers must be .* element 1 is "x"/],
  ['a number as the buffers of read', (c) => untypedRead(c.stream, 4), TypeError, /^buffers must be/],
  ['a Uint8Array as the buffer of asyncReadUntil (a dynamic buffer is needed)', (c) => untypedAsyncReadUntil(c.stream, new Uint8Array(10), '\n', c.handler), TypeError, /^buffers must be a DynamicBuffer/],
  ['a plain object as the buffer of readUntil', (c) => untypedReadUntil(c.stream, {}, '\n'), TypeError, /^buffers must be a DynamicBuffer/],

  // The condition.
  ['a string as the condition', (c) => untypedAsyncRead(c.stream, c.sb, 'all', c.handler), TypeError, /^completionCondition must be a function, got "all"/],
  ['null as the condition of read', (c) => untypedRead(c.stream, c.sb, null), TypeError, /^completionCondition must be a function/],
  ['a condition returning NaN', (c) => asyncRead(c.stream, c.sb, notANumber, c.handler), RangeError, /^completionCondition .* got NaN/],
  ['a condition returning -1 into a buffer, with useFuture', (c) => asyncRead(c.stream, new Uint8Array(8), negative, useFuture), RangeError, /^completionCondition/],
  ['a condition returning -1, deferred and launched', (c) => asyncRead(c.stream, c.sb, negative, undefined)(c.handler), RangeError, /^completionCondition/],
  ['a condition returning -1, sync read', (c) => read(c.stream, c.sb, negative), RangeError, /^completionCondition/],

  // The match.
  ['a number as the match', (c) => untypedAsyncReadUntil(c.stream, c.sb, 10, c.handler), TypeError, /^match must be a string, a Uint8Array, a RegExp or a MatchCondition function, got 10/],
  ['an array of numbers as the match', (c) => untypedReadUntil(c.stream, c.sb, [13, 10]), TypeError, /^match must be/],
  ['undefined as the match', (c) => untypedAsyncReadUntil(c.stream, c.sb), TypeError, /^match must be/],

  // The token.
  ['42 as the token of asyncRead', (c) => untypedAsyncRead(c.stream, c.sb, 42), TypeError, /^token must be a completion handler function or a completion token/],
  ['42 as the token after a condition', (c) => untypedAsyncRead(c.stream, c.sb, transferAll(), 42), TypeError, /^token must be/],
  ['an object without [asyncResult] as the token of asyncReadUntil', (c) => untypedAsyncReadUntil(c.stream, c.sb, '\n', { then() {} }), TypeError, /^token must be/],

  // The errorRef of the sync reads.
  ['a string as the errorRef of read', (c) => untypedRead(c.stream, c.sb, transferAll(), 'ref'), TypeError, /^errorRef must be an object/],
  ['a string as the errorRef of readUntil', (c) => untypedReadUntil(c.stream, c.sb, '\n', 'ref'), TypeError, /^errorRef must be an object/],
];

describe.each(rows)('%s', (_name, call, type, message) => {
  test(`throws a ${type.name} naming the argument; nothing read, nothing committed, no work`, async () => {
    const c = makeCtx();
    let thrown: unknown;
    try {
      call(c);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).message).toMatch(message);
    expect(c.stream.bytesRead()).toBe(0);
    expect(String.fromCharCode(...c.sb.data())).toBe('kept');
    await expect(c.ioc.run()).resolves.toBe(0);
    expect(c.calls()).toBe(0);
  });
});

describe('a real FileHandle as the stream', () => {
  test('asyncRead, asyncReadUntil and read say to wrap it with fromFileHandle', async () => {
    const handle = await open(devNull, 'r');
    try {
      const sb = new Streambuf();
      expect(() => untypedAsyncRead(handle, sb, () => {})).toThrow(
        /^stream must be an AsyncReadStream .*got an instance of FileHandle \(a FileHandle of node:fs\/promises\): wrap it: fromFileHandle\(handle\)$/,
      );
      expect(() => untypedAsyncReadUntil(handle, sb, '\n', () => {})).toThrow(/: wrap it: fromFileHandle\(handle\)$/);
      expect(() => untypedRead(handle, sb)).toThrow(/so use asyncRead\(fromFileHandle\(handle\), \.\.\.\)$/);
    } finally {
      await handle.close();
    }
  });
});

describe('after a programmer error thrown mid-initiation', () => {
  test('a bad condition: the cancellation slot is released and the dynamic buffer untouched', async () => {
    const c = makeCtx();
    const sig = new CancellationSignal();
    expect(() => asyncRead(c.stream, c.sb, negative, bindCancellationSlot(sig.slot(), c.handler))).toThrow(RangeError);
    expect(sig.slot().hasHandler()).toBe(false);
    expect(c.sb.size()).toBe(4);
    await expect(c.ioc.run()).resolves.toBe(0);
  });

  test('a stream whose asyncReadSome throws: the error propagates, nothing committed, no work left', async () => {
    const c = makeCtx();
    const stream = {
      getExecutor: () => c.ioc.getExecutor(),
      asyncReadSome(_b: MutableBufferSequence, _h: ReadHandler): void {
        throw new TypeError('handler must be a function object');
      },
    };
    expect(() => asyncRead(stream, c.sb, c.handler)).toThrow(TypeError);
    expect(() => asyncReadUntil(stream, c.sb, '\n', c.handler)).toThrow(TypeError);
    expect(c.sb.size()).toBe(4);
    await expect(c.ioc.run()).resolves.toBe(0);
    expect(c.calls()).toBe(0);
  });

  test('a MatchCondition that throws its own error: it propagates, nothing read', async () => {
    const c = makeCtx();
    const boom = new Error('match bug');
    expect(() => asyncReadUntil(c.stream, c.sb, () => {
      throw boom;
    }, c.handler)).toThrow(boom);
    expect(c.stream.readCalls).toBe(0);
    await expect(c.ioc.run()).resolves.toBe(0);
  });

  test('awaiting a deferred read with a bad condition rejects with the RangeError', async () => {
    const c = makeCtx();
    await expect((async () => await asyncRead(c.stream, c.sb, notANumber, undefined))()).rejects.toThrow(RangeError);
    await expect(c.ioc.run()).resolves.toBe(0);
  });
});
