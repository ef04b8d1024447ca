/**
 * The synchronous read (`read`): the read scenarios of Asio's unit test
 * (`asio/src/tests/unit/read.cpp`, Asio 1.38) over a SyncReadStream, then the end of the
 * stream, failures, empty and single-pass buffers, foreign errors and a stream that reads 0
 * bytes, as the `async-read-*.test.ts` files have them for `asyncRead`.
 */
import { errorIs, errors, IoContext, SystemError, type ErrorRef } from '@asio-ts/core';
import { read, Streambuf, TestStream, transferAll, type MutableBufferSequence } from '@asio-ts/io';
import { readData, readDataSize } from '../helpers/bytes.js';
import { conditionRows, lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { dynamicKinds, syncReadTargets } from '../helpers/read-targets.js';

function makeSentinel(): Error {
  return new Error('not overwritten');
}

function makeStream(len: WriteLength, data: Uint8Array = readData): TestStream {
  const stream = new TestStream(new IoContext());
  stream.reset(data);
  if (len !== Infinity) stream.nextReadLength(len);
  return stream;
}

describe('read (sync) scenarios of Asio read.cpp', () => {
  test('test_2_arg_zero_buffers_read: read(s, []) is 0 and calls readSome no time', () => {
    const stream = makeStream(Infinity);
    expect(read(stream, [])).toBe(0);
    expect(stream.readCalls).toBe(0);
  });

  test('test_3_arg_nothrow_zero_buffers_read: with an ErrorRef, 0 and no error', () => {
    const stream = makeStream(Infinity);
    const ref: ErrorRef = { error: makeSentinel() };
    expect(read(stream, [], undefined, ref)).toBe(0);
    expect(ref.error).toBeNull();
  });

  describe.each(syncReadTargets)('$name', (kind) => {
    const lengthRows = writeLengths.map((len) => [lengthName(len), len] as const);

    function check(stream: TestStream, target: { contents(n: number): Uint8Array }, n: number, expected: number): void {
      expect(n).toBe(expected);
      expect(stream.bytesRead()).toBe(expected);
      expect(target.contents(expected)).toEqual(readData.subarray(0, expected));
    }

    test.each(lengthRows)('test_2_arg_*_read: read(s, buffers), next_read_length %s', (_n, len) => {
      const stream = makeStream(len);
      const t = kind.make();
      check(stream, t, read(stream, t.buffers), readDataSize);
    });

    test.each(lengthRows)('test_3_arg_nothrow_*_read: read(s, buffers, undefined, errorRef), next_read_length %s', (_n, len) => {
      const stream = makeStream(len);
      const t = kind.make();
      const ref: ErrorRef = { error: makeSentinel() };
      check(stream, t, read(stream, t.buffers, undefined, ref), readDataSize);
      expect(ref.error).toBeNull();
    });

    test.each(conditionRows)('test_3_arg_*_read: read(s, buffers, %s), next_read_length %s', (_c, _l, len, c) => {
      const stream = makeStream(len);
      const t = kind.make();
      check(stream, t, read(stream, t.buffers, c.make()), c.expected(len));
    });

    test.each(conditionRows)('test_4_arg_*_read: read(s, buffers, %s, errorRef), next_read_length %s', (_c, _l, len, c) => {
      const stream = makeStream(len);
      const t = kind.make();
      const ref: ErrorRef = { error: makeSentinel() };
      check(stream, t, read(stream, t.buffers, c.make(), ref), c.expected(len));
      expect(ref.error).toBeNull();
    });
  });
});

describe('the end of the stream and failures', () => {
  test.each(syncReadTargets.filter((k) => !k.name.includes('std::array')))('$name: a short stream throws eof with bytesTransferred, or stores it', (kind) => {
    let stream = makeStream(10, readData.subarray(0, 30));
    let t = kind.make(60);
    let thrown: unknown;
    try {
      read(stream, t.buffers);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SystemError);
    expect(thrown).toMatchObject({ code: 'EOF', bytesTransferred: 30 });
    expect(t.contents(30)).toEqual(readData.subarray(0, 30));

    stream = makeStream(10, readData.subarray(0, 30));
    t = kind.make(60);
    const ref: ErrorRef = { error: null };
    expect(read(stream, t.buffers, transferAll(), ref)).toBe(30);
    expect(errorIs(ref.error, errors.eof)).toBe(true);
  });

  test.each(dynamicKinds)('$name: a failure at an offset keeps exactly the bytes read', (kind) => {
    const stream = makeStream(7);
    stream.failReadAt(25, errors.brokenPipe);
    const d = kind.make();
    const ref: ErrorRef = { error: null };
    expect(read(stream, d.buffers, undefined, ref)).toBe(25);
    expect(errorIs(ref.error, errors.brokenPipe)).toBe(true);
    expect(d.contents()).toEqual(readData.subarray(0, 25));
  });

  test('what readSome throws is converted to a SystemError', () => {
    let given = 0;
    const stream = {
      readSome(buffers: MutableBufferSequence): number {
        if (given >= 10) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        const b = buffers instanceof Uint8Array ? buffers : [...buffers][0]!;
        b[0] = 1;
        given++;
        return 1;
      },
    };
    const ref: ErrorRef = { error: null };
    expect(read(stream, new Streambuf(), undefined, ref)).toBe(10);
    expect(errorIs(ref.error, errors.connectionReset)).toBe(true);
  });

  test('a readSome returning 0 without an error ends the read (Asio would call it forever)', () => {
    let calls = 0;
    const stream = { readSome: (): number => (calls++, 0) };
    expect(read(stream, new Uint8Array(10))).toBe(0);
    expect(read(stream, new Streambuf())).toBe(0);
    expect(calls).toBe(2);
  });

  test('a readSome returning more than it was given is a RangeError', () => {
    const stream = { readSome: (): number => 11 };
    expect(() => read(stream, new Uint8Array(10))).toThrow(/^bytesTransferred reported by readSome must be an integer from 0 to 10, got 11/);
  });
});

test('a single-pass buffer sequence (a generator) is read once and filled whole', () => {
  const stream = makeStream(4);
  const target = new Uint8Array(readDataSize);
  let yields = 0;
  function* pieces(): Generator<Uint8Array> {
    for (let i = 0; i < target.length; i += 5) {
      yields++;
      yield target.subarray(i, i + 5);
    }
  }
  expect(read(stream, pieces())).toBe(readDataSize);
  expect(yields).toBe(Math.ceil(readDataSize / 5));
  expect(target).toEqual(readData);
});
