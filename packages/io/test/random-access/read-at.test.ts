/**
 * The synchronous random-access read (`readAt`), Asio's `read_at`: the sync scenarios of
 * `asio/src/tests/unit/read_at.cpp` (mutable_buffer, std::vector, streambuf; offsets 0 and 1234;
 * `next_read_length` of sizeof(read_data), 1 and 10; with and without a completion condition;
 * throwing and with an error reference), then what JavaScript adds.
 */
import { errorIs, errors, IoContext, SystemError, type ErrorRef } from '@asio-ts/core';
import { ByteVector, dynamicBufferV2, readAt, Streambuf, type MutableBufferSequence, type ReadAtTarget, type SyncRandomAccessReadDevice } from '@asio-ts/io';
import { writeData as readData } from '../helpers/bytes.js';
import { conditionRows, lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { TestReadDevice } from '../helpers/random-access-devices.js';

interface SyncForm {
  readonly name: string;
  make(): { readonly buffers: ReadAtTarget; read(): Uint8Array; size(): number | null };
}

const syncForms: readonly SyncForm[] = [
  {
    name: 'mutable_buffer',
    make: () => {
      const buf = new Uint8Array(readData.length);
      return { buffers: buf, read: () => buf, size: () => null };
    },
  },
  {
    name: 'std::vector of 2 buffers',
    make: () => {
      const buf = new Uint8Array(readData.length);
      return { buffers: [buf.subarray(0, 32), buf.subarray(32)], read: () => buf, size: () => null };
    },
  },
  {
    name: 'streambuf(sizeof(read_data))',
    make: () => {
      const sb = new Streambuf(readData.length);
      return { buffers: sb, read: () => sb.data(), size: () => sb.size() };
    },
  },
];

function device(len: WriteLength): TestReadDevice {
  const d = new TestReadDevice(new IoContext());
  d.reset(readData);
  if (len !== Infinity) d.nextReadLength(len);
  return d;
}

const lengths = writeLengths.map((len) => [lengthName(len), len] as const);

describe.each(syncForms)('read_at scenarios of Asio read_at.cpp: $name', (form) => {
  test.each(lengths)('test_3_arg: readAt(d, offset, buffers), next_read_length %s: 53 bytes at 0 and 1234', (_n, len) => {
    for (const offset of [0, 1234]) {
      const d = device(len);
      const t = form.make();
      expect(readAt(d, offset, t.buffers)).toBe(readData.length);
      expect(d.checkBuffers(offset, t.read(), readData.length)).toBe(true);
      const size = t.size();
      if (size !== null) expect(size).toBe(readData.length);
    }
  });

  test.each(lengths)('test_4_arg_nothrow: readAt(d, offset, buffers, undefined, errorRef), next_read_length %s', (_n, len) => {
    for (const offset of [0, 1234]) {
      const d = device(len);
      const t = form.make();
      const ref: ErrorRef = { error: new Error('not overwritten') as SystemError };
      expect(readAt(d, offset, t.buffers, undefined, ref)).toBe(readData.length);
      expect(ref.error).toBeNull();
      expect(d.checkBuffers(offset, t.read(), readData.length)).toBe(true);
    }
  });

  test.each(conditionRows)('test_4_arg / test_5_arg: %s, next_read_length %s, throwing and with an errorRef', (_c, _l, len, c) => {
    for (const offset of [0, 1234]) {
      for (const withRef of [false, true]) {
        const d = device(len);
        const t = form.make();
        const ref: ErrorRef = { error: null };
        const n = withRef ? readAt(d, offset, t.buffers, c.make(), ref) : readAt(d, offset, t.buffers, c.make());
        expect(n).toBe(c.expected(len));
        expect(ref.error).toBeNull();
        expect(d.checkBuffers(offset, t.read(), n)).toBe(true);
        const size = t.size();
        if (size !== null) expect(size).toBe(n);
      }
    }
  });
});

describe('readAt: what JavaScript adds', () => {
  const hundred = Uint8Array.from({ length: 100 }, (_, i) => i);
  function endDevice(): TestReadDevice {
    const d = new TestReadDevice(new IoContext(), { eofAtEnd: true });
    d.store(hundred);
    return d;
  }

  test('past the end: throws eof with bytesTransferred, or stores it in the errorRef', () => {
    const d = endDevice();
    d.nextReadLength(7);
    const buf = new Uint8Array(53);
    let thrown: unknown;
    try {
      readAt(d, 60, buf);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SystemError);
    expect(errorIs(thrown, errors.eof)).toBe(true);
    expect((thrown as { bytesTransferred?: number }).bytesTransferred).toBe(40);
    const ref: ErrorRef = { error: null };
    expect(readAt(d, 60, new Uint8Array(53), undefined, ref)).toBe(40);
    expect(errorIs(ref.error, errors.eof)).toBe(true);
  });

  test('into a Streambuf with transferAll: every byte up to eof is committed', () => {
    const d = endDevice();
    d.nextReadLength(30);
    const sb = new Streambuf();
    const ref: ErrorRef = { error: null };
    expect(readAt(d, 0, sb, undefined, ref)).toBe(100);
    expect(errorIs(ref.error, errors.eof)).toBe(true);
    expect([...sb.data()]).toEqual([...hundred]);
  });

  test('a device reading 0 bytes without an error ends the loop (Asio would spin)', () => {
    const zero: SyncRandomAccessReadDevice = { readSomeAt: () => 0 };
    expect(readAt(zero, 0, new Uint8Array(4))).toBe(0);
    expect(readAt(zero, 0, new Streambuf())).toBe(0);
  });

  test('a device reporting more than it was given is a RangeError', () => {
    const liar: SyncRandomAccessReadDevice = { readSomeAt: (_o: number, b: MutableBufferSequence) => (b instanceof Uint8Array ? b.length : 99) + 1 };
    expect(() => readAt(liar, 0, new Uint8Array(4))).toThrow(/^bytesTransferred reported by readSomeAt must be an integer from 0 to 4/);
  });

  test('a foreign error is mapped with fromNodeError', () => {
    const bad: SyncRandomAccessReadDevice = {
      readSomeAt: () => {
        throw Object.assign(new Error('x'), { code: 'EIO' });
      },
    };
    const ref: ErrorRef = { error: null };
    expect(readAt(bad, 0, new Uint8Array(4), undefined, ref)).toBe(0);
    expect(ref.error).toBeInstanceOf(SystemError);
    expect((ref.error as SystemError).code).toBe('EIO');
  });

  test('bad arguments throw naming the argument', () => {
    const d = endDevice();
    const call = readAt as unknown as (...a: unknown[]) => unknown;
    expect(() => call({}, 0, new Uint8Array(1))).toThrow(/^device must be a SyncRandomAccessReadDevice/);
    expect(() => call(d, NaN, new Uint8Array(1))).toThrow(/^offset/);
    expect(() => call(d, 0, [1])).toThrow(/^buffers must be/);
    expect(() => call(d, 0, dynamicBufferV2(new ByteVector()))).toThrow(/^buffers must be .* DynamicBuffer v1/);
    expect(() => call(d, 0, new Uint8Array(1), 3)).toThrow(/^completionCondition must be a function/);
    expect(() => call(d, 0, new Uint8Array(1), undefined, 3)).toThrow(/^errorRef must be an object/);
    expect(d.calls).toBe(0);
  });
});
