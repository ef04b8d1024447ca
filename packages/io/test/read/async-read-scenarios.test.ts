/**
 * The composed read (`asyncRead`), part 1: every async_read scenario of Asio's unit test
 * (`asio/src/tests/unit/read.cpp`, Asio 1.38): each buffer form (a buffer, arrays of 2 and 3
 * buffers, dynamic string buffer, streambuf, plus the v1 vector and the v2 flavours),
 * `next_read_length` of unlimited, 1 and 10, each completion condition, the lazy user token, each
 * run with a callback, `useFuture`, `deferred`, `useAwaitable` inside `coSpawn` and a `spawn`
 * yield context. The synchronous twin `read` is tested in `read.test.ts`.
 */
import { IoContext } from '@asio-ts/core';
import { asyncRead, type CompletionCondition } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { readData, readDataSize } from '../helpers/bytes.js';
import { conditionRows, lengthName, shortTransfer, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { readModes, runRead, type ReadMode } from '../helpers/read-driver.js';
import { readTargets, type TargetKind } from '../helpers/read-targets.js';
import { makeStream, untypedAsyncRead } from '../helpers/async-read-stream.js';

/** Run one async scenario and check it the way Asio's test does: the byte count and the bytes. */
async function checkAsyncScenario(
  mode: ReadMode,
  kind: TargetKind,
  len: WriteLength,
  condition: CompletionCondition | undefined,
  expected: number,
): Promise<void> {
  const ioc = new IoContext();
  const stream = makeStream(ioc, len);
  const target = kind.make();
  const start =
    condition === undefined
      ? (token: unknown) => (token === undefined ? untypedAsyncRead(stream, target.buffers) : untypedAsyncRead(stream, target.buffers, token))
      : (token: unknown) => untypedAsyncRead(stream, target.buffers, condition, token);
  const { err, n } = await runRead(mode, ioc, stream, start);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(stream.bytesRead()).toBe(expected);
  expect(target.contents(expected)).toEqual(readData.subarray(0, expected));
}
describe('async_read scenarios of Asio read.cpp', () => {
  describe.each(readTargets)('$name', (kind) => {
    describe('test_3_arg_*_async_read: asyncRead(s, buffers, token)', () => {
      describe.each(readModes)('token: %s', (mode) => {
        test.each(writeLengths.map((len) => [lengthName(len), len] as const))('next_read_length %s reads all 53 bytes', async (_n, len) => {
          await checkAsyncScenario(mode, kind, len, undefined, readDataSize);
        });
      });

      test('a user token (lazy42) makes asyncRead return 42 and never starts the read', async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const target = kind.make();
        const token = new Lazy42Token();
        const r = asyncRead(stream, target.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.readCalls).toBe(0);
        expect(stream.bytesRead()).toBe(0);
      });

      test("Asio's lazy_handler archetype (starts with a no-op handler, returns 42) reads everything", async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const target = kind.make();
        const token = new AsioLazyHandler();
        expect(asyncRead(stream, target.buffers, token)).toBe(42);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(target.contents(readDataSize)).toEqual(readData);
      });
    });

    describe('test_4_arg_*_async_read: asyncRead(s, buffers, condition, token)', () => {
      describe.each(readModes)('token: %s', (mode) => {
        test.each(conditionRows)('%s, next_read_length %s', async (_c, _l, len, c) => {
          await checkAsyncScenario(mode, kind, len, c.make(), c.expected(len));
        });
      });

      test("Asio's lazy_handler archetype with short_transfer returns 42 and reads everything, 3 bytes a read", async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const target = kind.make();
        expect(asyncRead(stream, target.buffers, shortTransfer, new AsioLazyHandler())).toBe(42);
        await ioc.run();
        expect(target.contents(readDataSize)).toEqual(readData);
        expect(stream.readCalls).toBe(Math.ceil(readDataSize / 3));
      });
    });
  });
});
