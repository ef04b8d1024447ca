/**
 * `asyncReadUntil`'s search: linear over the bytes, and the RegExp and MatchCondition details.
 */
import { IoContext, SystemError, useFuture } from '@asio-ts/core';
import { asyncReadUntil, Streambuf, type MatchCondition } from '@asio-ts/io';
import { searchCounters } from '../../src/read/matchers.js';
import { latin1, makeStream } from '../helpers/async-read-until-stream.js';

describe('linear search', () => {
  const size = 1 << 20;
  const chunk = 1024;
  const line = (delim: Uint8Array): Uint8Array => {
    const data = new Uint8Array(size + delim.length).fill(0x61);
    data.set(delim, size);
    return data;
  };

  test.each([
    ['"\\n"', '\n'],
    ['"\\r\\n", whose first byte ends some reads', '\r\n'],
  ] as const)('one 1 MiB line in 1 KiB reads, delimiter %s: the search looks at each byte about once', async (_n, delim) => {
    const bytes = new TextEncoder().encode(delim);
    const data = line(bytes);
    // Every chunk ends on the delimiter's first byte, so each search leaves a partial match.
    if (bytes.length > 1) for (let i = chunk - 1; i < size; i += chunk) data[i] = bytes[0]!;
    const ioc = new IoContext();
    const stream = makeStream(ioc, chunk, data);
    const sb = new Streambuf();
    const before = searchCounters.delimiterBytes;
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, delim, (e, n) => (got = [e, n]));
    await ioc.run();
    expect(got).toEqual([null, data.length]);
    const examined = searchCounters.delimiterBytes - before;
    expect(stream.readCalls).toBeGreaterThanOrEqual(size / chunk);
    // Quadratic rescanning would be ~size * reads / 2 = 512 GiB; the window each search gets is
    // the new bytes plus a partial match of at most delimiter length - 1.
    expect(examined).toBeLessThanOrEqual(data.length + stream.readCalls * (bytes.length - 1));
  });

  test('a MatchCondition is given only the bytes it has not seen: the lengths add up to the line', async () => {
    const data = line(latin1('\n'));
    const ioc = new IoContext();
    const stream = makeStream(ioc, chunk, data);
    const lengths: number[] = [];
    const cond: MatchCondition = (view) => {
      lengths.push(view.length);
      const i = view.indexOf(10);
      return i < 0 ? [view.length, false] : [i + 1, true];
    };
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, new Streambuf(), cond, (e, n) => (got = [e, n]));
    await ioc.run();
    expect(got).toEqual([null, data.length]);
    // The first call sees the empty buffer; each later one the bytes of one read.
    expect(lengths[0]).toBe(0);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(data.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(65536);
  });
});

describe('match forms', () => {
  test('a string delimiter is its UTF-8 bytes', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 1, 'caf\u00e9|cr\u00e8me');
    const sb = new Streambuf();
    const p = asyncReadUntil(stream, sb, '\u00e9', useFuture);
    await ioc.run();
    // "caf" and the two bytes of é.
    expect(await p).toBe(5);
  });

  test('a RegExp works on the bytes as latin1: its indices are byte offsets', async () => {
    const ioc = new IoContext();
    // é is 0xC3 0xA9 in UTF-8.
    const stream = makeStream(ioc, 2, 'caf\u00e9 done');
    const sb = new Streambuf();
    const p = asyncReadUntil(stream, sb, /\xa9/, useFuture);
    await ioc.run();
    expect(await p).toBe(5);
  });

  test("a RegExp's own lastIndex is neither used nor changed; g and y are ignored, as Asio's regex_search has neither", async () => {
    const re = /b+/g;
    re.lastIndex = 7;
    const ioc = new IoContext();
    const stream = makeStream(ioc, 3, 'aabbbc');
    const sb = new Streambuf();
    const p = asyncReadUntil(stream, sb, re, useFuture);
    await ioc.run();
    // "aab" is there after the first read: b+ matches the first b.
    expect(await p).toBe(3);
    expect(re.lastIndex).toBe(7);
    const ioc2 = new IoContext();
    const s2 = makeStream(ioc2, 3, 'aabbbc');
    const sticky = /b/y;
    const p2 = asyncReadUntil(s2, new Streambuf(7), sticky, useFuture);
    await ioc2.run();
    // Not pinned to the start of the data: the leftmost b, as a plain /b/ finds.
    expect(await p2).toBe(3);
    expect(sticky.lastIndex).toBe(0);
  });

  test('a RegExp match found across reads', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 1, 'header: value\r\n\r\nbody');
    const sb = new Streambuf();
    const p = asyncReadUntil(stream, sb, /\r\n\r\n/, useFuture);
    await ioc.run();
    expect(await p).toBe(17);
  });

  test("a MatchCondition's partial match: the next call starts where it asked", async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 3, 'abcdef--ghi');
    const seen: string[] = [];
    // Finds "--"; on a trailing "-" asks to resume there.
    const cond: MatchCondition = (view) => {
      const s = String.fromCharCode(...view);
      seen.push(s);
      const i = s.indexOf('--');
      if (i >= 0) return [i + 2, true];
      return s.endsWith('-') ? [s.length - 1, false] : [s.length, false];
    };
    const p = asyncReadUntil(stream, new Streambuf(), cond, useFuture);
    await ioc.run();
    expect(await p).toBe(8);
    expect(seen).toEqual(['', 'abc', 'def', '--g']);
  });

  test('a Uint8Array delimiter is copied: changing it after the call changes nothing', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'one;two;');
    const delim = latin1(';');
    const op = asyncReadUntil(stream, new Streambuf(), delim);
    delim[0] = 0x77;
    const p = op(useFuture);
    await ioc.run();
    expect(await p).toBe(4);
  });

  test('an empty delimiter matches at once with 0 bytes once a byte is there (Asio)', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'abc');
    const sb = new Streambuf();
    const p = asyncReadUntil(stream, sb, '', useFuture);
    await ioc.run();
    expect(await p).toBe(0);
    expect(stream.readCalls).toBe(1);
  });

  test('a MatchCondition returning something else is a TypeError or RangeError naming match', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'abc');
    // The first search runs inside the call: thrown there.
    expect(() => asyncReadUntil(stream, new Streambuf(), (() => 5) as unknown as MatchCondition, () => {})).toThrow(
      /^match \(a MatchCondition\) must return \[end: number, found: boolean\], got 5/,
    );
    expect(() => asyncReadUntil(stream, new Streambuf(), (v) => [v.length + 1, false], () => {})).toThrow(RangeError);
    await expect(ioc.run()).resolves.toBe(0);
    // A later search: thrown from the completion, leaving no work behind.
    const ioc2 = new IoContext();
    const s2 = makeStream(ioc2, 5, 'abc');
    let calls = 0;
    asyncReadUntil(s2, new Streambuf(), (v) => (calls++ === 0 ? [v.length, false] : [-1, false]), () => {});
    await expect(ioc2.run()).rejects.toThrow(/^match \(a MatchCondition\) must return an end from 0 to 3/);
    ioc2.restart();
    await expect(ioc2.run()).resolves.toBe(0);
  });
});
