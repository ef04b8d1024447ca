/**
 * `asyncReadAt` / `readAt` / `asyncWriteAt` / `writeAt` given something that is not a device: a
 * Node stream, a WHATWG stream, a FileHandle, or an asio-ts stream. The TypeError names the
 * argument, says what the value is and what to do with it (the same hints as the stream reads'
 * and writes', from one module); nothing is called on the value and no work is left.
 */
import { open } from 'node:fs/promises';
import { Socket } from 'node:net';
import { devNull } from 'node:os';
import { PassThrough, Readable, Writable } from 'node:stream';
import { IoContext } from '@asio-ts/core';
import { asyncReadAt, asyncWriteAt, readAt, TestStream, writeAt } from '@asio-ts/io';

const untypedAsyncReadAt = asyncReadAt as unknown as (...args: unknown[]) => unknown;
const untypedReadAt = readAt as unknown as (...args: unknown[]) => unknown;
const untypedAsyncWriteAt = asyncWriteAt as unknown as (...args: unknown[]) => unknown;
const untypedWriteAt = writeAt as unknown as (...args: unknown[]) => unknown;

const handler = (): void => {
  throw new Error('never called');
};

type Row = readonly [name: string, call: () => unknown, message: RegExp];

const rows: readonly Row[] = [
  [
    'a net.Socket to asyncReadAt',
    () => untypedAsyncReadAt(new Socket(), 0, new Uint8Array(4), handler),
    /^device must be an AsyncRandomAccessReadDevice \(getExecutor\(\) and asyncReadSomeAt\(\)\), got an instance of Socket \(a Node stream\.Duplex, which has no offsets: read it with asyncRead\(fromDuplex\(stream\), \.\.\.\)\)$/,
  ],
  ['a stream.Readable to asyncReadAt', () => untypedAsyncReadAt(new Readable({ read() {} }), 0, new Uint8Array(4), handler), /\(a Node stream\.Readable, which has no offsets: read it with asyncRead\(fromReadable\(stream\), \.\.\.\)\)$/],
  ['a WHATWG ReadableStream to asyncReadAt', () => untypedAsyncReadAt(new ReadableStream(), 0, new Uint8Array(4), handler), /\(a WHATWG ReadableStream, which has no offsets: read it with asyncRead\(fromWebReadable\(stream\), \.\.\.\)\)$/],
  [
    'a FileHandle look-alike to asyncReadAt',
    () => untypedAsyncReadAt({ fd: 3, write: async () => ({}), read: async () => ({}) }, 0, new Uint8Array(4), handler),
    /got an object \(a FileHandle of node:fs\/promises\): wrap it: fromFileHandle\(handle\)$/,
  ],
  ['a stream.Writable to asyncReadAt', () => untypedAsyncReadAt(new Writable({ write: (_b, _e, cb) => cb() }), 0, new Uint8Array(4), handler), /\(a Node stream\.Writable, which cannot be read\)$/],
  ['an AsyncReadStream to asyncReadAt', () => untypedAsyncReadAt(new TestStream(new IoContext()), 0, new Uint8Array(4), handler), /\(a stream, which has no offsets: read it with asyncRead or read\)$/],
  ['a PassThrough to readAt', () => untypedReadAt(new PassThrough(), 0, new Uint8Array(4)), /^device must be a SyncRandomAccessReadDevice \(readSomeAt\(\)\), got an instance of PassThrough \(a Node stream\.Duplex, which has no offsets/],
  ['a WHATWG WritableStream to asyncWriteAt', () => untypedAsyncWriteAt(new WritableStream(), 0, new Uint8Array(4), handler), /\(a WHATWG WritableStream, which has no offsets: write it with asyncWrite\(fromWebWritable\(stream\), \.\.\.\)\)$/],
  ['a stream.Readable to asyncWriteAt', () => untypedAsyncWriteAt(new Readable({ read() {} }), 0, new Uint8Array(4), handler), /\(a Node stream\.Readable, which cannot be written\)$/],
  ['an AsyncWriteStream to writeAt', () => untypedWriteAt(new TestStream(new IoContext()), 0, new Uint8Array(4)), /\(a stream, which has no offsets: write it with asyncWrite or write\)$/],
];

describe.each(rows)('%s', (_name, call, message) => {
  test('throws a TypeError naming the device and what to do', () => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});

describe('a real FileHandle as the device', () => {
  test('asyncReadAt and asyncWriteAt say fromFileHandle; readAt and writeAt say it is asynchronous', async () => {
    const handle = await open(devNull, 'r+');
    try {
      expect(() => untypedAsyncReadAt(handle, 0, new Uint8Array(1), handler)).toThrow(
        /^device must be an AsyncRandomAccessReadDevice .*got an instance of FileHandle \(a FileHandle of node:fs\/promises\): wrap it: fromFileHandle\(handle\)$/,
      );
      expect(() => untypedAsyncWriteAt(handle, 0, new Uint8Array(1), handler)).toThrow(/: wrap it: fromFileHandle\(handle\)$/);
      expect(() => untypedReadAt(handle, 0, new Uint8Array(1))).toThrow(/it reads asynchronously, so use asyncReadAt\(fromFileHandle\(handle\), \.\.\.\)$/);
      expect(() => untypedWriteAt(handle, 0, new Uint8Array(1))).toThrow(/it writes asynchronously, so use asyncWriteAt\(fromFileHandle\(handle\), \.\.\.\)$/);
    } finally {
      await handle.close();
    }
  });

  test('a value it does not know gets no hint', () => {
    expect(() => untypedAsyncReadAt({}, 0, new Uint8Array(1), handler)).toThrow(/^device must be an AsyncRandomAccessReadDevice \(getExecutor\(\) and asyncReadSomeAt\(\)\), got an object$/);
  });
});
