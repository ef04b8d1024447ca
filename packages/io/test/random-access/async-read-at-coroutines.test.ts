/**
 * Every async_read_at scenario of Asio's read_at.cpp (as async-read-at.test.ts runs them with a
 * callback, `useFuture` and `deferred`), run with the two coroutine tokens: `useAwaitable` inside
 * `coSpawn`, and a `spawn` yield context. Each buffer form at offsets 0 and 1234,
 * `next_read_length` unlimited, 1 and 10, the 4-argument form and every completion condition of
 * the 5-argument form; the handler runs once, never inside the call, and the bytes are the
 * device's at the offset.
 */
import { errorIs, errors, IoContext } from '@asio-ts/core';
import { asyncReadAt, type CompletionCondition } from '@asio-ts/io';
import { coroutineModes, runAsyncAt, type AtMode } from '../helpers/at-driver.js';
import { writeData as readData } from '../helpers/bytes.js';
import { conditionRows, lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { TestReadDevice } from '../helpers/random-access-devices.js';
import { readAtForms, type ReadAtForm } from '../helpers/read-at-forms.js';

const offsets = [0, 1234] as const;

async function checkScenario(mode: AtMode, form: ReadAtForm, offset: number, len: WriteLength, condition: CompletionCondition | undefined, expected: number): Promise<void> {
  const ioc = new IoContext();
  const d = new TestReadDevice(ioc);
  d.reset(readData);
  if (len !== Infinity) d.nextReadLength(len);
  const target = form.make();
  const { err, n } = await runAsyncAt(mode, ioc, () => d.calls, (...rest) => (asyncReadAt as (...a: unknown[]) => unknown)(d, offset, target.buffers, ...rest), condition);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(d.checkBuffers(offset, target.read(), expected)).toBe(true);
  const size = target.size();
  if (size !== null) expect(size).toBe(expected);
}

describe('async_read_at scenarios of Asio read_at.cpp, coroutine tokens', () => {
  describe.each(readAtForms)('$name', (form) => {
    describe.each(coroutineModes)('token: %s', (mode) => {
      test.each(writeLengths.map((len) => [lengthName(len), len] as const))('test_4_arg: next_read_length %s reads all 53 bytes at offsets 0 and 1234', async (_name, len) => {
        for (const offset of offsets) await checkScenario(mode, form, offset, len, undefined, readData.length);
      });

      test.each(conditionRows)('test_5_arg: %s, next_read_length %s, offsets 0 and 1234', async (_c, _l, len, c) => {
        for (const offset of offsets) await checkScenario(mode, form, offset, len, c.make(), c.expected(len));
      });
    });
  });
});

describe('the end of the data, coroutine tokens', () => {
  test.each(coroutineModes)('%s: eof with the bytes that were there (coSpawn throws it, spawn reports it with the count)', async (mode) => {
    const ioc = new IoContext();
    const d = new TestReadDevice(ioc, { eofAtEnd: true });
    d.store(readData);
    const buf = new Uint8Array(readData.length + 10);
    const { err, n } = await runAsyncAt(mode, ioc, () => d.calls, (...rest) => (asyncReadAt as (...a: unknown[]) => unknown)(d, 0, buf, ...rest), undefined);
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(mode === 'spawn' ? readData.length : -1);
    expect(buf.subarray(0, readData.length)).toEqual(readData);
  });
});
