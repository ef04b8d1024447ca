/**
 * The synchronous write (`write`): the write scenarios of Asio's unit test
 * (`asio/src/tests/unit/write.cpp`, Asio 1.38) over a SyncWriteStream, then failures, empty and
 * single-pass buffers and foreign errors, as `async-write-failures.test.ts` has them for `asyncWrite`.
 */
import { errorIs, errors, IoContext, makeError, SystemError, type ErrorRef } from '@asio-ts/core';
import { Streambuf, TestStream, transferAll, write, type ConstBufferSequence } from '@asio-ts/io';
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

describe('what writeSome reports', () => {
  test('an error is the last call\'s: a condition that goes on past a failure ends with success once a write succeeds (Asio sets ec on every write_some)', () => {
    let calls = 0;
    const written: number[] = [];
    const stream = {
      writeSome(buffers: ConstBufferSequence): number {
        if (++calls === 1) throw makeError(errors.interrupted);
        const bytes = concat(buffers);
        written.push(...bytes);
        return bytes.length;
      },
    };
    const ref: ErrorRef = { error: makeSentinel() };
    expect(write(stream, Uint8Array.from([1, 2, 3, 4]), () => 65536, ref)).toBe(4);
    expect([ref.error, written]).toEqual([null, [1, 2, 3, 4]]);
  });

  test.each([100, -1, 1.5, Number.NaN])('a count it could not have written (%p) is a RangeError naming writeSome, and a dynamic buffer keeps its bytes', (reported) => {
    const sb = new Streambuf();
    sb.sputn('abcdefgh');
    const stream = { writeSome: (): number => reported };
    expect(() => write(stream, sb, () => 3)).toThrow(new RangeError(`bytesTransferred reported by writeSome must be an integer from 0 to 3, got ${reported}`));
    expect(sb.size()).toBe(8);
  });

  test('0 without an error ends the write with what was written (it would be called for ever)', () => {
    let calls = 0;
    const stream = { writeSome: (b: ConstBufferSequence): number => (++calls === 1 ? Math.min(2, concat(b).length) : 0) };
    const ref: ErrorRef = { error: makeSentinel() };
    expect(write(stream, Uint8Array.from([1, 2, 3, 4]), undefined, ref)).toBe(2);
    expect([ref.error, calls]).toEqual([null, 2]);
  });
});
