/**
 * `asyncRead` failures and edge inputs: a failure at a byte offset commits exactly the bytes read,
 * errors that are not `SystemError`s, empty buffers and a single-pass (generator) sequence.
 */
import { asTuple, errorIs, errors, IoContext, SystemError, useFuture } from '@asio-ts/core';
import { asyncRead, Streambuf } from '@asio-ts/io';
import { readData, readDataSize } from '../helpers/bytes.js';
import { readModes, runRead } from '../helpers/read-driver.js';
import { readTargets } from '../helpers/read-targets.js';
import { ForeignErrorReadStream } from '../helpers/user-read-streams.js';
import { makeStream, untypedAsyncRead } from '../helpers/async-read-stream.js';

describe('a failure at a byte offset: exactly the bytes read are committed', () => {
  describe.each(readTargets)('$name', (kind) => {
    test.each([
      [10, 25, 25],
      [1, 7, 7],
      [Infinity, 30, 30],
      [10, 0, 0],
    ] as const)('maxReadSize %p, failReadAt %p: the handler gets the SystemError and %p bytes', async (len, failAt, expected) => {
      const ioc = new IoContext();
      const stream = makeStream(ioc, len);
      stream.failReadAt(failAt);
      const target = kind.make();
      const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, target.buffers, t));
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      expect(n).toBe(expected);
      const contents = target.contents(expected);
      expect(contents).toEqual(readData.subarray(0, expected));
    });
  });

  test('useFuture rejects; asTuple(useFuture) keeps the byte count', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    stream.failReadAt(25, errors.brokenPipe);
    const p = asyncRead(stream, new Uint8Array(53), useFuture);
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'EPIPE' });
    const ioc2 = new IoContext();
    const stream2 = makeStream(ioc2, 10);
    stream2.failReadAt(25, errors.brokenPipe);
    const t = asyncRead(stream2, new Uint8Array(53), asTuple(useFuture));
    await ioc2.run();
    const [err, n] = await t;
    expect(err?.code).toBe('EPIPE');
    expect(n).toBe(25);
  });
});

describe('errors that are not SystemErrors', () => {
  test.each([
    ['an Error with a Node code', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'ECONNRESET'],
    ['a plain TypeError', new TypeError('bad state'), 'EUNKNOWN'],
    ['a string', 'kaput', 'EUNKNOWN'],
  ] as const)('%s from a user stream reaches the handler as a SystemError; the bytes before stay committed', async (_n, foreign, code) => {
    const ioc = new IoContext();
    const stream = new ForeignErrorReadStream(ioc.getExecutor(), readData, 20, foreign);
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, sb, (err, n) => (got = [err, n]));
    await ioc.run();
    expect(got![0]).toBeInstanceOf(SystemError);
    expect(got![0]?.code).toBe(code);
    expect(got![1]).toBe(20);
    expect(sb.data()).toEqual(readData.subarray(0, 20));
  });
});
describe('empty buffers', () => {
  test.each([
    ['an empty Uint8Array', () => new Uint8Array(0)],
    ['an empty array', () => []],
    ['an array of empty buffers', () => [new Uint8Array(0), new Uint8Array(0)]],
  ] as const)('%s: one asyncReadSome of an empty buffer, completing (null, 0), nothing taken', async (_n, make) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, make(), t));
    expect(err).toBeNull();
    expect(n).toBe(0);
    expect(stream.readCalls).toBe(1);
    expect(stream.bytesRead()).toBe(0);
  });
});

describe('a single-pass buffer sequence (a generator)', () => {
  test.each(readModes)('is read once and filled whole in 3-byte reads (%s)', async (mode) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 3);
    const target = new Uint8Array(readDataSize);
    let yields = 0;
    function* pieces(): Generator<Uint8Array> {
      for (let i = 0; i < target.length; i += 5) {
        yields++;
        yield target.subarray(i, i + 5);
      }
    }
    const gen = pieces();
    const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncRead(stream, gen, t));
    expect(err).toBeNull();
    expect(n).toBe(readDataSize);
    expect(yields).toBe(Math.ceil(readDataSize / 5));
    expect(target).toEqual(readData);
  });
});
