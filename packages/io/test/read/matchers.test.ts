// The RegExp search of asyncReadUntil / readUntil (read/matchers.ts): a caller's g or y flag
// and lastIndex change nothing, over repeated reads with one RegExp, as in Asio, whose
// regex_search has no such state.
import { IoContext, useFuture, type ErrorRef } from '@asio-ts/core';
import { asyncReadUntil, readUntil, Streambuf, TestStream } from '@asio-ts/io';
import { makeStream } from '../helpers/async-read-until-stream.js';

const text = 'GET / HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n';

/** Each line's length (up to and including its \r\n) as repeated asyncReadUntil calls see it. */
async function asyncLines(re: RegExp, readLength: number): Promise<number[]> {
  const ioc = new IoContext();
  const stream = makeStream(ioc, readLength, text);
  const buf = new Streambuf();
  const lengths: number[] = [];
  for (let i = 0; i < 4; i++) {
    const p = asyncReadUntil(stream, buf, re, useFuture);
    ioc.restart();
    await ioc.run();
    const n = await p;
    lengths.push(n);
    buf.consume(n);
  }
  return lengths;
}

function syncLines(re: RegExp): number[] {
  const stream = new TestStream(new IoContext());
  stream.reset(text);
  stream.nextReadLength(5);
  const buf = new Streambuf();
  const lengths: number[] = [];
  for (let i = 0; i < 4; i++) {
    const ref: ErrorRef = { error: null };
    const n = readUntil(stream, buf, re, ref);
    expect(ref.error).toBeNull();
    lengths.push(n);
    buf.consume(n);
  }
  return lengths;
}

const expected = [16, 15, 13, 2];

describe('RegExp matches with g or y', () => {
  test.each([
    ['plain', /\r\n/],
    ['g', /\r\n/g],
    ['y', /\r\n/y],
    ['gy', /\r\n/gy],
  ] as const)('%s: repeated asyncReadUntil calls find every line, in 5-byte and whole reads', async (_name, re) => {
    expect(await asyncLines(re, 5)).toEqual(expected);
    expect(await asyncLines(re, Infinity)).toEqual(expected);
    expect(re.lastIndex).toBe(0);
  });

  test.each([
    ['g', /\r\n/g],
    ['y', /\r\n/y],
  ] as const)("%s: the caller's lastIndex is not used, nor changed", async (_name, re) => {
    re.lastIndex = 20;
    expect(await asyncLines(re, 5)).toEqual(expected);
    expect(re.lastIndex).toBe(20);
  });

  test.each([
    ['plain', /\r\n/],
    ['g', /\r\n/g],
    ['y', /\r\n/y],
  ] as const)('%s: repeated readUntil calls find every line', (_name, re) => {
    expect(syncLines(re)).toEqual(expected);
  });

  test('other flags keep their meaning (i)', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 3, 'abcXYZdef');
    const p = asyncReadUntil(stream, new Streambuf(), /xyz/giy, useFuture);
    await ioc.run();
    expect(await p).toBe(6);
  });
});
