/**
 * `asyncWrite` failures and edge inputs: a failure at a byte offset, empty buffers, a
 * single-pass (generator) sequence, and errors that are not `SystemError`s.
 */
import { asTuple, errorIs, errors, IoContext, redirectError, SystemError, useFuture, type ErrorRef } from '@asio-ts/core';
import { asyncWrite, Streambuf, TestStream, transferAtLeast, transferExactly } from '@asio-ts/io';
import { asyncSources, dynamicSources, emptySources, fiveBytePieces } from '../helpers/buffer-sources.js';
import { writeData, writeDataSize } from '../helpers/bytes.js';
import { ForeignErrorStream } from '../helpers/user-streams.js';
import { modes, runAsyncWrite } from '../helpers/write-driver.js';

describe('a failure at a byte offset', () => {
  describe.each([...asyncSources, ...dynamicSources.slice(2)])('$name', (source) => {
    test.each([
      [10, 25, 25],
      [1, 7, 7],
      [Infinity, 30, 30],
      [10, 0, 0],
    ] as const)('maxWriteSize %p, failAt %p: the handler gets the SystemError and %p bytes', async (len, failAt, n) => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: len, failAt });
      const src = source.make();
      const { err, n: got } = await runAsyncWrite('callback', ioc, stream, src.buffers, undefined);
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.brokenPipe)).toBe(true);
      expect(err?.code).toBe('EPIPE');
      expect(got).toBe(n);
      expect(stream.checkBuffers(writeData.subarray(0, n))).toBe(true);
      const rest = src.rest();
      // A dynamic buffer still holds the unwritten rest.
      if (rest !== null) expect(rest).toEqual(writeData.subarray(n));
    });
  });

  test('the error given by failWith is the one reported', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, failAt: 12, failWith: errors.connectionReset });
    const { err, n } = await runAsyncWrite('callback', ioc, stream, writeData, undefined);
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(12);
  });

  test('useFuture rejects with the SystemError; asTuple(useFuture) and redirectError keep the byte count', async () => {
    const make = (): [IoContext, TestStream] => {
      const ioc = new IoContext();
      return [ioc, new TestStream(ioc, { maxWriteSize: 10, failAt: 25 })];
    };
    let [ioc, stream] = make();
    const p = asyncWrite(stream, writeData, useFuture);
    await ioc.run();
    await expect(p).rejects.toBeInstanceOf(SystemError);
    await expect(p).rejects.toMatchObject({ code: 'EPIPE' });

    [ioc, stream] = make();
    const t = asyncWrite(stream, writeData, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await t;
    expect(err?.code).toBe('EPIPE');
    expect(n).toBe(25);

    [ioc, stream] = make();
    const ref: ErrorRef = { error: null };
    const r = asyncWrite(stream, writeData, redirectError(useFuture, ref));
    await ioc.run();
    expect(await r).toBe(25);
    expect(ref.error).toBeInstanceOf(SystemError);
  });

});

describe('empty buffers', () => {
  describe.each(emptySources)('$name', (source) => {
    test.each(modes)('as in Asio, one asyncWriteSome with an empty buffer, completing with 0 (%s)', async (mode) => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10 });
      const src = source.make();
      const { err, n } = await runAsyncWrite(mode, ioc, stream, src.buffers, undefined);
      expect(err).toBeNull();
      expect(n).toBe(0);
      expect(stream.writeCalls).toBe(1);
      expect(stream.received()).toHaveLength(0);
      expect(src.rest() ?? new Uint8Array(0)).toHaveLength(0);
    });
  });

  test.each([
    ['transferExactly(0)', transferExactly(0)],
    ['transferAtLeast(0)', transferAtLeast(0)],
  ] as const)('a condition done before the first write (%s): one empty asyncWriteSome, 0 bytes, nothing consumed', async (_n, cond) => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc);
    const sb = new Streambuf();
    sb.sputn(writeData);
    const { err, n } = await runAsyncWrite('callback', ioc, stream, sb, cond);
    expect(err).toBeNull();
    expect(n).toBe(0);
    expect(stream.writeCalls).toBe(1);
    expect(stream.received()).toHaveLength(0);
    expect(sb.size()).toBe(writeDataSize);
  });
});

describe('a single-pass buffer sequence (a generator)', () => {
  test.each(modes)('is read once and written whole in 3-byte chunks (%s)', async (mode) => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 3 });
    const counter = { n: 0 };
    const { err, n } = await runAsyncWrite(mode, ioc, stream, fiveBytePieces(writeData, counter), undefined);
    expect(err).toBeNull();
    expect(n).toBe(writeDataSize);
    expect(counter.n).toBe(Math.ceil(writeDataSize / 5));
    expect(stream.checkBuffers(writeData)).toBe(true);
  });

  test('with a condition', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const { n } = await runAsyncWrite('callback', ioc, stream, fiveBytePieces(writeData, { n: 0 }), transferAtLeast(42));
    expect(n).toBe(50);
  });
});

describe('errors that are not SystemErrors', () => {
  test.each([
    ['an Error with a Node code', Object.assign(new Error('pipe gone'), { code: 'EPIPE' }), 'EPIPE'],
    ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ECANCELED'],
    ['a plain TypeError', new TypeError('bad state'), 'EUNKNOWN'],
    ['a string', 'kaput', 'EUNKNOWN'],
  ] as const)('%s from a user stream reaches the handler as a SystemError', async (_name, foreign, code) => {
    const ioc = new IoContext();
    const stream = new ForeignErrorStream(ioc.getExecutor(), 20, foreign);
    const sb = new Streambuf();
    sb.sputn(writeData);
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, sb, (err, n) => {
      got = [err, n];
    });
    await ioc.run();
    const [err, n] = got!;
    expect(err).toBeInstanceOf(SystemError);
    expect(err?.code).toBe(code);
    if (typeof foreign !== 'string') expect(err?.cause).toBe(foreign);
    expect(n).toBe(20);
    expect(sb.data()).toEqual(writeData.subarray(20));
  });
});
