/**
 * Every async_write_at scenario of Asio's write_at.cpp (as async-write-at.test.ts runs them with
 * a callback, `useFuture` and `deferred`), run with the two coroutine tokens: `useAwaitable`
 * inside `coSpawn`, and a `spawn` yield context. Each buffer form at offsets 0 and 1234,
 * `next_write_length` unlimited, 1 and 10, the 4-argument form and every completion condition
 * of the 5-argument form; the handler runs once, never inside the call, exactly the bytes
 * reported are at the offset and nothing beyond them is touched.
 */
import { errorIs, errors, IoContext } from '@asio-ts/core';
import { asyncWriteAt, Streambuf, type CompletionCondition } from '@asio-ts/io';
import { coroutineModes, runAsyncAt, type AtMode } from '../helpers/at-driver.js';
import { asyncSources, type SourceKind } from '../helpers/buffer-sources.js';
import { writeData } from '../helpers/bytes.js';
import { conditionRows, lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { TestWriteDevice } from '../helpers/random-access-devices.js';

const offsets = [0, 1234] as const;

function device(ioc: IoContext, len: WriteLength): TestWriteDevice {
  const d = new TestWriteDevice(ioc);
  d.reset();
  if (len !== Infinity) d.nextWriteLength(len);
  return d;
}

async function checkScenario(mode: AtMode, source: SourceKind, offset: number, len: WriteLength, condition: CompletionCondition | undefined, expected: number): Promise<void> {
  const ioc = new IoContext();
  const d = device(ioc, len);
  const src = source.make();
  const { err, n } = await runAsyncAt(mode, ioc, () => d.calls, (...rest) => (asyncWriteAt as (...a: unknown[]) => unknown)(d, offset, src.buffers, ...rest), condition);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(d.checkBuffers(offset, writeData, expected)).toBe(true);
  expect(d.bytes(offset + expected, offset + expected + 60).every((b) => b === 0)).toBe(true);
  const rest = src.rest();
  if (rest !== null) expect(rest).toEqual(writeData.subarray(expected));
}

describe('async_write_at scenarios of Asio write_at.cpp, coroutine tokens', () => {
  describe.each(asyncSources)('$name', (source) => {
    describe.each(coroutineModes)('token: %s', (mode) => {
      test.each(writeLengths.map((len) => [lengthName(len), len] as const))('test_4_arg: next_write_length %s writes all 53 bytes at offsets 0 and 1234', async (_name, len) => {
        for (const offset of offsets) await checkScenario(mode, source, offset, len, undefined, writeData.length);
      });

      test.each(conditionRows)('test_5_arg: %s, next_write_length %s, offsets 0 and 1234', async (_c, _l, len, c) => {
        for (const offset of offsets) await checkScenario(mode, source, offset, len, c.make(), c.expected(len));
      });
    });
  });
});

describe('a failure, coroutine tokens', () => {
  test.each(coroutineModes)('%s: the SystemError (spawn with the count), a streambuf keeps what was not written', async (mode) => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    d.failAt(1234 + 25, errors.noSpaceOnDevice);
    const sb = new Streambuf();
    sb.sputn(writeData);
    const { err, n } = await runAsyncAt(mode, ioc, () => d.calls, (...rest) => (asyncWriteAt as (...a: unknown[]) => unknown)(d, 1234, sb, ...rest), undefined);
    expect(errorIs(err, errors.noSpaceOnDevice)).toBe(true);
    expect(n).toBe(mode === 'spawn' ? 25 : -1);
    expect(d.checkBuffers(1234, writeData, 25)).toBe(true);
    expect([...sb.data()]).toEqual([...writeData.subarray(25)]);
  });
});
