/**
 * The synchronous random-access write (`writeAt`), Asio's `write_at`: the sync scenarios of
 * `asio/src/tests/unit/write_at.cpp` (const_buffer, mutable_buffer, std::vector, and the
 * streambuf form; offsets 0 and 1234; `next_write_length` of unlimited, 1 and 10; with and
 * without a completion condition; throwing and with an error reference), then what JavaScript
 * adds.
 */
import { errorIs, errors, IoContext, SystemError, type ErrorRef } from '@asio-ts/core';
import { Streambuf, writeAt, type SyncRandomAccessWriteDevice, type WriteAtSource } from '@asio-ts/io';
import { syncSources } from '../helpers/buffer-sources.js';
import { writeData } from '../helpers/bytes.js';
import { conditionRows, lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { TestWriteDevice } from '../helpers/random-access-devices.js';

function device(len: WriteLength): TestWriteDevice {
  const d = new TestWriteDevice(new IoContext());
  d.reset();
  if (len !== Infinity) d.nextWriteLength(len);
  return d;
}

const lengths = writeLengths.map((len) => [lengthName(len), len] as const);

describe.each(syncSources)('write_at scenarios of Asio write_at.cpp: $name', (source) => {
  test.each(lengths)('test_3_arg / test_4_arg_nothrow: writeAt(d, offset, buffers[, undefined, errorRef]), next_write_length %s', (_n, len) => {
    for (const offset of [0, 1234]) {
      for (const withRef of [false, true]) {
        const d = device(len);
        const src = source.make();
        const ref: ErrorRef = { error: null };
        const n = withRef ? writeAt(d, offset, src.buffers as WriteAtSource, undefined, ref) : writeAt(d, offset, src.buffers as WriteAtSource);
        expect(n).toBe(writeData.length);
        expect(ref.error).toBeNull();
        expect(d.checkBuffers(offset, writeData, n)).toBe(true);
        const rest = src.rest();
        if (rest !== null) expect(rest).toHaveLength(0);
      }
    }
  });

  test.each(conditionRows)('test_4_arg / test_5_arg: %s, next_write_length %s, throwing and with an errorRef', (_c, _l, len, c) => {
    for (const offset of [0, 1234]) {
      for (const withRef of [false, true]) {
        const d = device(len);
        const src = source.make();
        const ref: ErrorRef = { error: null };
        const n = withRef ? writeAt(d, offset, src.buffers as WriteAtSource, c.make(), ref) : writeAt(d, offset, src.buffers as WriteAtSource, c.make());
        expect(n).toBe(c.expected(len));
        expect(d.checkBuffers(offset, writeData, n)).toBe(true);
        expect(d.bytes(offset + n, offset + n + 10).every((b) => b === 0)).toBe(true);
        const rest = src.rest();
        if (rest !== null) expect(rest).toEqual(writeData.subarray(n));
      }
    }
  });
});

describe('writeAt: what JavaScript adds', () => {
  test('a failure part-way throws with bytesTransferred; a streambuf keeps the unwritten rest', () => {
    const d = device(10);
    d.failAt(1234 + 25, errors.noSpaceOnDevice);
    const sb = new Streambuf();
    sb.sputn(writeData);
    let thrown: unknown;
    try {
      writeAt(d, 1234, sb);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SystemError);
    expect(errorIs(thrown, errors.noSpaceOnDevice)).toBe(true);
    expect((thrown as { bytesTransferred?: number }).bytesTransferred).toBe(25);
    expect([...sb.data()]).toEqual([...writeData.subarray(25)]);
  });

  test('a device writing 0 bytes without an error ends the loop (Asio would spin)', () => {
    const zero: SyncRandomAccessWriteDevice = { writeSomeAt: () => 0 };
    expect(writeAt(zero, 0, writeData)).toBe(0);
  });

  test('a device reporting more than it was given is a RangeError', () => {
    const liar: SyncRandomAccessWriteDevice = { writeSomeAt: () => 1000 };
    expect(() => writeAt(liar, 0, writeData)).toThrow(/^bytesTransferred reported by writeSomeAt must be an integer from 0 to 53/);
  });

  test('bad arguments throw naming the argument', () => {
    const d = device(10);
    const call = writeAt as unknown as (...a: unknown[]) => unknown;
    expect(() => call({ writeSome: () => 0 }, 0, writeData)).toThrow(/^device must be a SyncRandomAccessWriteDevice/);
    expect(() => call(d, -1, writeData)).toThrow(/^offset/);
    expect(() => call(d, 0, {})).toThrow(/^buffers must be/);
    expect(() => call(d, 0, writeData, 'x')).toThrow(/^completionCondition must be a function/);
    expect(() => call(d, 0, writeData, undefined, 'x')).toThrow(/^errorRef must be an object/);
    expect(d.calls).toBe(0);
  });
});
