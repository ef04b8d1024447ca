/**
 * `asyncRead` over a stream that completes inside `asyncReadSome`: no recursion, delivery once and
 * never inside the initiating call.
 */
import { IoContext, post, SystemError } from '@asio-ts/core';
import { asyncRead, Streambuf, transferExactly, type MutableBufferSequence, type ReadHandler } from '@asio-ts/io';
import { concat, readData, sameBytes } from '../helpers/bytes.js';
import { readModes, runRead } from '../helpers/read-driver.js';
import { InlineReadStream } from '../helpers/user-read-streams.js';
import { untypedAsyncRead } from '../helpers/async-read-stream.js';

describe('a stream that completes inside asyncReadSome', () => {
  test('1 MB in 1-byte reads: no recursion, delivered once, never inside asyncRead', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 0xff);
    const stream = new InlineReadStream(ioc.getExecutor(), data, 1);
    const target = new Uint8Array(size);
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncRead(stream, target, (err, n) => {
      calls++;
      result = [err, n];
    });
    expect(stream.calls).toBe(size);
    expect(stream.maxDepth).toBe(1);
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(result).toEqual([null, size]);
    expect(sameBytes(target, data)).toBe(true);
  });

  test.each(readModes)('into a dynamic buffer, with %s', async (mode) => {
    const ioc = new IoContext();
    const stream = new InlineReadStream(ioc.getExecutor(), readData, 7);
    const sb = new Streambuf();
    const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncRead(stream, sb, transferExactly(30), t));
    expect(err).toBeNull();
    expect(n).toBe(30);
    expect(sb.data()).toEqual(readData.subarray(0, 30));
  });

  test('a stream calling its handler twice is a programmer error', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(_b: MutableBufferSequence, handler: ReadHandler): void {
        post(ioc, () => {
          handler(null, 1);
          handler(null, 1);
        });
      },
    };
    asyncRead(stream, new Uint8Array(4), () => {});
    await expect(ioc.run()).rejects.toThrow(/twice/);
  });

  test('a stream reporting more bytes than it was given is a RangeError; no work is left', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
        const n = concat(buffers).length;
        post(ioc, () => handler(null, n + 1));
      },
    };
    asyncRead(stream, new Streambuf(), () => {});
    await expect(ioc.run()).rejects.toThrow(/^bytesTransferred reported by asyncReadSome must be an integer from 0 to 512, got 513/);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('a read of 0 bytes without an error ends a read into buffers with what was read (Asio)', async () => {
    const ioc = new IoContext();
    let calls = 0;
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
        const n = calls++ === 0 ? bufferCopyFrom(buffers, readData.subarray(0, 5)) : 0;
        post(ioc, () => handler(null, n));
      },
    };
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, new Uint8Array(20), (e, n) => (got = [e, n]));
    await ioc.run();
    expect(got).toEqual([null, 5]);
    expect(calls).toBe(2);
  });
});

function bufferCopyFrom(buffers: MutableBufferSequence, data: Uint8Array): number {
  const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
  let at = 0;
  for (const b of list) {
    const n = Math.min(b.length, data.length - at);
    b.set(data.subarray(at, at + n));
    at += n;
  }
  return at;
}
