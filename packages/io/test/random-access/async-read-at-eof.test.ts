// asyncReadAt: the end of the data (eof with the bytes read so far, short reads near the end) and
// empty buffers.
import { asTuple, errorIs, errors, IoContext, post, SystemError, useFuture } from '@asio-ts/core';
import {
  asyncReadAt,
  ByteVector,
  dynamicBuffer,
  Streambuf,
  transferExactly,
  type AsyncRandomAccessReadDevice,
  type MutableBufferSequence,
  type ReadHandler,
} from '@asio-ts/io';
import { TestReadDevice } from '../helpers/random-access-devices.js';
import { device } from '../helpers/read-at-device.js';

// ---------------------------------------------------------------------------------------------
// Part 2: JavaScript-specific behaviour
// ---------------------------------------------------------------------------------------------

const hundred = Uint8Array.from({ length: 100 }, (_, i) => (i * 7 + 3) & 0xff);

function endDevice(ioc: IoContext, options: { mode?: 'post' | 'manual' | 'inline' } = {}): TestReadDevice {
  const d = new TestReadDevice(ioc, { eofAtEnd: true, ...options });
  d.store(hundred);
  return d;
}

describe('the end of the data', () => {
  test('a read that runs past the end stops with eof and the bytes that were there', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    d.nextReadLength(7);
    const buf = new Uint8Array(53);
    const p = asyncReadAt(d, 60, buf, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(err).toBeInstanceOf(SystemError);
    expect(n).toBe(40);
    expect([...buf.subarray(0, 40)]).toEqual([...hundred.subarray(60)]);
    expect(d.offsets).toEqual([60, 67, 74, 81, 88, 95, 100]);
  });

  test('a read at or past the end completes with (eof, 0)', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    const p = Promise.all([asyncReadAt(d, 100, new Uint8Array(4), asTuple(useFuture)), asyncReadAt(d, 5000, new Uint8Array(4), asTuple(useFuture))]);
    await ioc.run();
    for (const [err, n] of await p) {
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(0);
    }
  });

  test('with transferAll, a dynamic buffer is read until eof: every byte committed', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    d.nextReadLength(30);
    const sb = new Streambuf();
    const p = asyncReadAt(d, 0, sb, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(100);
    expect([...sb.data()]).toEqual([...hundred]);
  });

  test('a dynamic buffer with a maxSize stops at it without an error (the condition has nothing more to ask)', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    const vec = new ByteVector();
    const p = asyncReadAt(d, 10, dynamicBuffer(vec, 25), useFuture);
    await ioc.run();
    expect(await p).toBe(25);
    expect([...vec.bytes()]).toEqual([...hundred.subarray(10, 35)]);
  });

  test('each read into a dynamic buffer prepares Asio\'s read size: at least 512, at most the condition\'s answer', async () => {
    const ioc = new IoContext();
    const asked: number[] = [];
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(_offset: number, buffers: MutableBufferSequence, handler: ReadHandler) {
        const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
        const size = list.reduce((s, b) => s + b.length, 0);
        asked.push(size);
        post(ioc, () => handler(null, Math.min(size, 100)));
      },
    };
    const p = asyncReadAt(d, 0, new Streambuf(), transferExactly(300), useFuture);
    await ioc.run();
    expect(await p).toBe(300);
    // min(max(512, capacity - size), min(300 - read, maxSize - size)).
    expect(asked).toEqual([300, 200, 100]);
  });

  test('a device that reads 0 bytes without an error stops the read: no error, the short count', async () => {
    const ioc = new IoContext();
    // Asio's own test device past its data: buffer_copy from an empty range.
    const d = new TestReadDevice(ioc);
    d.store(hundred);
    const p = asyncReadAt(d, 90, new Uint8Array(53), asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 10]);
  });

  test('a failure part-way reports the SystemError and exactly the bytes read before it', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    d.failAt(1234 + 25, errors.connectionReset);
    const buf = new Uint8Array(53);
    const p = asyncReadAt(d, 1234, buf, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(25);
    expect(d.checkBuffers(1234, buf, 25)).toBe(true);
  });
});

describe('empty buffers', () => {
  test.each([
    ['an empty Uint8Array', new Uint8Array(0)],
    ['an empty array', []],
    ['an array of empty buffers', [new Uint8Array(0), new Uint8Array(0)]],
  ] as const)('%s: one device call with nothing, then (null, 0)', async (_name, buffers) => {
    const ioc = new IoContext();
    const d = device(ioc, Infinity);
    const p = asyncReadAt(d, 0, buffers, asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 0]);
    expect(d.calls).toBe(1);
  });

  test('a full dynamic buffer (size = maxSize): (null, 0)', async () => {
    const ioc = new IoContext();
    const d = device(ioc, Infinity);
    const sb = new Streambuf(4);
    sb.sputn(new Uint8Array(4));
    const p = asyncReadAt(d, 0, sb, asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 0]);
    expect(sb.size()).toBe(4);
  });
});
