/**
 * The synchronous write (`write`): the write scenarios of Asio's unit test
 * (`asio/src/tests/unit/write.cpp`, Asio 1.38) over a SyncWriteStream, then failures, empty and
 * single-pass buffers and foreign errors, as `async-write-failures.test.ts` has them for `asyncWrite`.
 */
import { errorIs, errors, IoContext, SystemError, type ErrorRef } from '@asio-ts/core';
import { TestStream, transferAll, write, type ConstBufferSequence } from '@asio-ts/io';
import { emptySources, fiveBytePieces, syncSources } from '../helpers/buffer-sources.js';
import { concat, writeData, writeDataSize } from '../helpers/bytes.js';
import { conditionRows, lengthName, writeLengths } from '../helpers/conditions.js';

function makeSentinel(): Error {
  return new Error('not overwritten');
}

describe('write (sync) scenarios of Asio write.cpp', () => {
  test('test_2_arg_zero_buffers_write: write(s, []) is 0 and calls writeSome no time', () => {
    const stream = new TestStream(new IoContext());
    expect(write(stream, [])).toBe(0);
    expect(stream.writeCalls).toBe(0);
  });

  test('test_3_arg_nothrow_zero_buffers_write: with an ErrorRef, 0 and no error', () => {
    const stream = new TestStream(new IoContext());
    const ref: ErrorRef = { error: makeSentinel() };
    expect(write(stream, [], undefined, ref)).toBe(0);
    expect(ref.error).toBeNull();
  });

  describe.each(syncSources)('$name', (source) => {
    const lengthRows = writeLengths.map((len) => [lengthName(len), len] as const);

    function check(stream: TestStream, src: { rest(): Uint8Array | null }, n: number, expected: number): void {
      expect(n).toBe(expected);
      expect(stream.checkBuffers(writeData.subarray(0, expected))).toBe(true);
      const rest = src.rest();
      if (rest !== null) expect(rest).toEqual(writeData.subarray(expected));
    }

    test.each(lengthRows)('test_2_arg_*_write: write(s, buffers), next_write_length %s', (_n, len) => {
      const stream = new TestStream(new IoContext(), { maxWriteSize: len });
      const src = source.make();
      check(stream, src, write(stream, src.buffers), writeDataSize);
    });

    test.each(lengthRows)('test_3_arg_nothrow_*_write: write(s, buffers, undefined, errorRef), next_write_length %s', (_n, len) => {
      const stream = new TestStream(new IoContext(), { maxWriteSize: len });
      const src = source.make();
      const ref: ErrorRef = { error: makeSentinel() };
      check(stream, src, write(stream, src.buffers, undefined, ref), writeDataSize);
      expect(ref.error).toBeNull();
    });

    test.each(conditionRows)('test_3_arg_*_write: write(s, buffers, %s), next_write_length %s', (_c, _l, len, c) => {
      const stream = new TestStream(new IoContext(), { maxWriteSize: len });
      const src = source.make();
      check(stream, src, write(stream, src.buffers, c.make()), c.expected(len));
    });

    test.each(conditionRows)('test_4_arg_*_write: write(s, buffers, %s, errorRef), next_write_length %s', (_c, _l, len, c) => {
      const stream = new TestStream(new IoContext(), { maxWriteSize: len });
      const src = source.make();
      const ref: ErrorRef = { error: makeSentinel() };
      check(stream, src, write(stream, src.buffers, c.make(), ref), c.expected(len));
      expect(ref.error).toBeNull();
    });
  });
});

describe('a failure at a byte offset', () => {
  test.each(syncSources)('on $name: throws the SystemError with bytesTransferred, or stores it in an ErrorRef', (source) => {
    let stream = new TestStream(new IoContext(), { maxWriteSize: 10, failAt: 25 });
    let src = source.make();
    let thrown: unknown;
    try {
      write(stream, src.buffers);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SystemError);
    expect(thrown).toMatchObject({ code: 'EPIPE', bytesTransferred: 25 });
    expect(stream.checkBuffers(writeData.subarray(0, 25))).toBe(true);
    let rest = src.rest();
    if (rest !== null) expect(rest).toEqual(writeData.subarray(25));

    stream = new TestStream(new IoContext(), { maxWriteSize: 10, failAt: 25 });
    src = source.make();
    const ref: ErrorRef = { error: null };
    expect(write(stream, src.buffers, transferAll(), ref)).toBe(25);
    expect(errorIs(ref.error, errors.brokenPipe)).toBe(true);
    rest = src.rest();
    if (rest !== null) expect(rest).toEqual(writeData.subarray(25));
  });
});

describe('empty buffers', () => {
  test.each(emptySources)('$name: 0, without calling writeSome, as Asio', (source) => {
    const stream = new TestStream(new IoContext());
    expect(write(stream, source.make().buffers)).toBe(0);
    expect(stream.writeCalls).toBe(0);
  });
});

test('a single-pass buffer sequence (a generator) is read once and written whole', () => {
  const stream = new TestStream(new IoContext(), { maxWriteSize: 4 });
  const counter = { n: 0 };
  expect(write(stream, fiveBytePieces(writeData, counter))).toBe(writeDataSize);
  expect(counter.n).toBe(Math.ceil(writeDataSize / 5));
  expect(stream.checkBuffers(writeData)).toBe(true);
});

describe('errors that are not SystemErrors', () => {
  test('what writeSome throws is converted to a SystemError', () => {
    let taken = 0;
    const stream = {
      writeSome(buffers: ConstBufferSequence): number {
        if (taken >= 10) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        const n = Math.min(5, concat(buffers).length);
        taken += n;
        return n;
      },
    };
    const ref: ErrorRef = { error: null };
    expect(write(stream, writeData, undefined, ref)).toBe(10);
    expect(ref.error).toBeInstanceOf(SystemError);
    expect(errorIs(ref.error, errors.connectionReset)).toBe(true);
  });
});
