/**
 * The composed write (`asyncWrite`), part 1: every async_write scenario of Asio's unit test
 * (`asio/src/tests/unit/write.cpp`, Asio 1.38): each buffer form, `next_write_length` of
 * unlimited, 1 and 10, each completion condition, the lazy user token, and the no-token
 * (deferred) form, each run with a callback, `useFuture` and `deferred`. The synchronous twin
 * `write` is tested in `write.test.ts`.
 */
import { IoContext } from '@asio-ts/core';
import { asyncWrite, TestStream, type CompletionCondition } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { asyncSources, type SourceKind } from '../helpers/buffer-sources.js';
import { writeData, writeDataSize } from '../helpers/bytes.js';
import { conditionRows, lengthName, shortTransfer, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { modes, runAsyncWrite, type Mode } from '../helpers/write-driver.js';

/** Run one async scenario and check the result the way Asio's test does, plus what was consumed. */
async function checkAsyncScenario(
  mode: Mode,
  source: SourceKind,
  len: WriteLength,
  condition: CompletionCondition | undefined,
  expected: number,
): Promise<void> {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: len });
  const src = source.make();
  const { err, n } = await runAsyncWrite(mode, ioc, stream, src.buffers, condition);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(stream.checkBuffers(writeData.subarray(0, expected))).toBe(true);
  const rest = src.rest();
  if (rest !== null) expect(rest).toEqual(writeData.subarray(expected));
}
describe('async_write scenarios of Asio write.cpp', () => {
  describe.each(asyncSources)('$name', (source) => {
    describe('test_3_arg_*_async_write: asyncWrite(s, buffers, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(writeLengths.map((len) => [lengthName(len), len] as const))(
          'next_write_length %s writes all 53 bytes',
          async (_name, len) => {
            await checkAsyncScenario(mode, source, len, undefined, writeDataSize);
          },
        );
      });

      test('a user token (lazy42) makes asyncWrite return 42 and never starts the write', async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const token = new Lazy42Token();
        const r = asyncWrite(stream, src.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        expect(token.asked).toBe(1);
        await ioc.run();
        expect(stream.writeCalls).toBe(0);
        expect(stream.received()).toHaveLength(0);
        const rest = src.rest();
        if (rest !== null) expect(rest).toEqual(writeData);
      });

      test("Asio's lazy_handler archetype (starts with a no-op handler, returns 42) writes everything", async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const token = new AsioLazyHandler();
        const r = asyncWrite(stream, src.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        expect(token.completions).toBe(0);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(stream.checkBuffers(writeData)).toBe(true);
        const rest = src.rest();
        if (rest !== null) expect(rest).toHaveLength(0);
      });
    });

    describe('test_4_arg_*_async_write: asyncWrite(s, buffers, condition, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(conditionRows)('%s, next_write_length %s', async (_c, _l, len, c) => {
          await checkAsyncScenario(mode, source, len, c.make(), c.expected(len));
        });
      });

      test('the lazy42 token with short_transfer returns 42 and writes nothing', async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const r = asyncWrite(stream, src.buffers, shortTransfer, new Lazy42Token());
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.writeCalls).toBe(0);
        expect(stream.received()).toHaveLength(0);
        const rest = src.rest();
        if (rest !== null) expect(rest).toEqual(writeData);
      });

      test("Asio's lazy_handler archetype with short_transfer returns 42 and writes everything", async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const r = asyncWrite(stream, src.buffers, shortTransfer, new AsioLazyHandler());
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.checkBuffers(writeData)).toBe(true);
        // short_transfer: at most 3 bytes per write_some.
        expect(stream.writeCalls).toBe(Math.ceil(writeDataSize / 3));
      });
    });
  });
});
