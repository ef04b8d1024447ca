/**
 * The composed read-until (`asyncReadUntil`); its synchronous twin is tested in
 * `read-until.test.ts`.
 *
 * Part 1 ports the async scenarios of Asio's unit test (`asio/src/tests/unit/read_until.cpp`,
 * Asio 1.38): a `char` delimiter, a string delimiter and a match condition, into an unlimited
 * buffer and one of `maxSize` 25, with `next_read_length` unlimited, 1 and 10, and the lazy user
 * token; over every dynamic buffer flavour, and with the `Uint8Array` and `RegExp` forms, each
 * run with a callback, `useFuture`, `deferred`, `useAwaitable` inside `coSpawn` and `spawn`.
 * Part 2: what stays in the buffer, a match already there, the end of the stream, a source that
 * never sends the delimiter, the linear search, RegExp and MatchCondition details, read sizes,
 * cancellation.
 */
import {
  bindCancellationSlot,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  post,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import {
  asyncReadUntil,
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  Streambuf,
  TestStream,
  type MatchCondition,
  type MutableBufferSequence,
  type ReadHandler,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { searchCounters } from '../../src/read/matchers.js';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { readData, sameBytes } from '../helpers/bytes.js';
import { lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { flushMicrotasks } from '../helpers/microtasks.js';
import { readModes, runRead } from '../helpers/read-driver.js';
import { dynamicKinds } from '../helpers/read-targets.js';
import { RecordingReadStream } from '../helpers/user-read-streams.js';

const untypedAsyncReadUntil = asyncReadUntil as unknown as (...args: unknown[]) => unknown;
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function makeStream(ioc: IoContext, len: WriteLength, data: Uint8Array | string = readData, options = {}): TestStream {
  const stream = new TestStream(ioc, options);
  stream.reset(data);
  if (len !== Infinity) stream.nextReadLength(len);
  return stream;
}

/** Asio's `match_char`: a MatchCondition that finds one byte. */
function matchChar(c: string): MatchCondition {
  const code = c.charCodeAt(0);
  return (data) => {
    const i = data.indexOf(code);
    return i < 0 ? [data.length, false] : [i + 1, true];
  };
}

const lengthRows = writeLengths.map((len) => [lengthName(len), len] as const);

// The match forms of read_until.cpp (a char, a string, match_char) and asio-ts's own (bytes, RegExp).
const forms = [
  { name: "char 'Z' (a one-character string)", z: () => 'Z', y: () => 'Y' },
  { name: 'string "XYZ"', z: () => 'XYZ', y: () => 'WXY' },
  { name: "match_char('Z') (a MatchCondition)", z: () => matchChar('Z'), y: () => matchChar('Y') },
  { name: 'Uint8Array "XYZ"', z: () => latin1('XYZ'), y: () => latin1('WXY') },
  { name: 'RegExp /X.Z/', z: () => /X.Z/, y: () => /W.Y/ },
] as const;

// ---------------------------------------------------------------------------------------------
// Part 1: Asio's read_until.cpp
// ---------------------------------------------------------------------------------------------

describe('async_read_until scenarios of Asio read_until.cpp', () => {
  describe.each(dynamicKinds)('$name', (kind) => {
    describe.each(forms)('$name', (form) => {
      describe.each(readModes)('token: %s', (mode) => {
        test.each(lengthRows)('sb1 (no maxSize), next_read_length %s: 26 bytes, up to and including Z', async (_n, len) => {
          const ioc = new IoContext();
          const stream = makeStream(ioc, len);
          const d = kind.make();
          const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, form.z(), t));
          expect(err).toBeNull();
          expect(n).toBe(26);
          // What was read is in the buffer, maybe more than the 26 bytes (Asio's rule).
          const got = d.contents();
          expect(got.length).toBeGreaterThanOrEqual(26);
          expect(got).toEqual(readData.subarray(0, got.length));
        });

        test.each(lengthRows)('sb2 (maxSize 25), next_read_length %s: Z is past maxSize: notFound, 0 bytes', async (_n, len) => {
          const ioc = new IoContext();
          const stream = makeStream(ioc, len);
          const d = kind.make(25);
          const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, form.z(), t));
          expect(errorIs(err, errors.notFound)).toBe(true);
          if (n !== undefined) expect(n).toBe(0);
          // The buffer is full, to the byte.
          expect(d.contents()).toEqual(readData.subarray(0, 25));
        });

        test.each(lengthRows)('sb2 (maxSize 25), next_read_length %s: Y ends at 25, found as the buffer fills', async (_n, len) => {
          const ioc = new IoContext();
          const stream = makeStream(ioc, len);
          const d = kind.make(25);
          const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, form.y(), t));
          expect(err).toBeNull();
          expect(n).toBe(25);
        });
      });

      test('a user token (lazy42) makes asyncReadUntil return 42 and never starts the read', async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const d = kind.make(25);
        const r = asyncReadUntil(stream, d.buffers, form.y(), new Lazy42Token());
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.readCalls).toBe(0);
      });

      test("Asio's lazy_handler archetype returns 42 and reads", async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const d = kind.make(25);
        const token = new AsioLazyHandler();
        expect(asyncReadUntil(stream, d.buffers, form.y(), token)).toBe(42);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(d.contents()).toEqual(readData.subarray(0, 25));
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Part 2
// ---------------------------------------------------------------------------------------------

describe('the bytes past the match', () => {
  test.each(dynamicKinds)('$name: stay in the buffer; consuming n and calling again finds the next line first, without a read', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, 'one\ntwo\nthree\n');
    const d = kind.make();
    const lines: string[] = [];
    const next = async (): Promise<number> => {
      const p = asyncReadUntil(stream, d.buffers, '\n', useFuture);
      await ioc.run();
      ioc.restart();
      return p;
    };
    for (let i = 0; i < 3; i++) {
      const n = await next();
      lines.push(new TextDecoder().decode(d.contents().subarray(0, n)));
      d.consume(n);
    }
    expect(lines).toEqual(['one\n', 'two\n', 'three\n']);
    // One read took everything; the later lines were found in the buffer.
    expect(stream.readCalls).toBe(1);
    await expect(next()).rejects.toMatchObject({ code: 'EOF' });
  });

  test('a match already in the buffer: no stream call, the handler is still not run inside the call', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, '');
    const sb = new Streambuf();
    sb.sputn('ready\nrest');
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', (e, n) => (got = [e, n]));
    expect(got).toBeUndefined();
    await flushMicrotasks();
    await ioc.run();
    expect(got).toEqual([null, 6]);
    expect(stream.readCalls).toBe(0);
  });

  test('a match already there, with bindImmediateExecutor(inlineExecutor, h): delivered inside the call', () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, '');
    const sb = new Streambuf();
    sb.sputn('ready\n');
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', bindImmediateExecutor(inlineExecutor, (e, n) => (got = [e, n])));
    expect(got).toEqual([null, 6]);
  });

  test('a full buffer with no match at the start: notFound without a read', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity);
    const sb = new Streambuf(4);
    sb.sputn('abcd');
    const p = asyncReadUntil(stream, sb, '\n', useFuture);
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(stream.readCalls).toBe(0);
  });
});

describe('the end of the stream before a match', () => {
  test.each(dynamicKinds)('$name: (eof, 0), and the partial data stays in the buffer', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 4, 'no newline here');
    const d = kind.make();
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, '\n', t));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(0);
    expect(new TextDecoder().decode(d.contents())).toBe('no newline here');
  });

  test('a stream error: (that error, 0), what was read kept', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    stream.failReadAt(15);
    const vec = new ByteVector();
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncReadUntil(stream, dynamicBufferV2(vec), 'xyz', t));
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(0);
    expect(vec.bytes()).toEqual(readData.subarray(0, 15));
  });

  test('a read of 0 bytes without an error (a stream breaking the concept) ends with eof, not a false match', async () => {
    const ioc = new IoContext();
    let calls = 0;
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
        const first = calls++ === 0;
        if (first) (buffers instanceof Uint8Array ? buffers : [...buffers][0]!).set(latin1('abc'));
        post(ioc, () => handler(null, first ? 3 : 0));
      },
    };
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', (e, n) => (got = [e, n]));
    await ioc.run();
    expect(errorIs(got![0], errors.eof)).toBe(true);
    expect(got![1]).toBe(0);
    expect(sb.data()).toEqual(latin1('abc'));
  });
});

describe('a source that never sends the delimiter', () => {
  test.each(dynamicKinds)('$name with maxSize 4096: notFound, and the buffer holds exactly maxSize bytes', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 1000, new Uint8Array(100_000).fill(0x61));
    const d = kind.make(4096);
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, '\r\n', t));
    expect(errorIs(err, errors.notFound)).toBe(true);
    expect(n).toBe(0);
    expect(d.contents()).toHaveLength(4096);
    expect(stream.bytesRead()).toBe(4096);
  });
});

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

  test("a RegExp's own lastIndex is neither used nor changed; g and y keep their meaning from the start of the data", async () => {
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
    const p2 = asyncReadUntil(s2, new Streambuf(7), /b/y, useFuture);
    await ioc2.run();
    // Sticky: only a match at the start of the data counts, which never comes.
    await expect(p2).rejects.toMatchObject({ code: 'EOF' });
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

describe("read sizes: min(max(512, capacity - size), min(65536, maxSize - size))", () => {
  test('512 into an empty buffer, the spare capacity when larger, never past maxSize', async () => {
    const ioc = new IoContext();
    const inner = makeStream(ioc, Infinity, new Uint8Array(200_000).fill(0x61));
    const stream = new RecordingReadStream(inner);
    const vec = new ByteVector();
    asyncReadUntil(stream, dynamicBuffer(vec, 100_000), '\n', () => {});
    await ioc.run();
    expect(stream.sizes[0]).toBe(512);
    for (const s of stream.sizes) expect(s).toBeLessThanOrEqual(65536);
    expect(stream.sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(vec.length).toBe(100_000);
    // Once the vector's capacity grew past its size by more than 512, that is what is asked.
    expect(Math.max(...stream.sizes)).toBeGreaterThan(512);
  });
});

describe('cancellation', () => {
  test.each([CancellationType.Terminal, CancellationType.Partial])('type %p while a read is pending: operationAborted, 0, the data kept and not consumed from the stream', async (type) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'abcdefghij\n', { mode: 'manual' });
    const sig = new CancellationSignal();
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', bindCancellationSlot(sig.slot(), (e, n) => (got = [e, n])));
    expect(stream.completePending()).toBe(true);
    ioc.poll();
    sig.emit(type);
    await ioc.run();
    expect(errorIs(got![0], errors.operationAborted)).toBe(true);
    expect(got![1]).toBe(0);
    expect(sb.data()).toEqual(latin1('abcde'));
    expect(stream.bytesRead()).toBe(5);
    expect(sig.slot().hasHandler()).toBe(false);
  });

  test('between reads, with a stream that ignores cancellation: stops with operationAborted before searching further', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'abcdefghij\n');
    const sig = new CancellationSignal();
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', bindCancellationSlot(sig.slot(), (e, n) => (got = [e, n])));
    sig.emit(CancellationType.Partial);
    await ioc.run();
    expect(errorIs(got![0], errors.operationAborted)).toBe(true);
    expect(sb.data()).toEqual(latin1('abcde'));
    // A second call picks up where it stopped.
    const p = asyncReadUntil(stream, sb, '\n', useFuture);
    ioc.restart();
    await ioc.run();
    expect(await p).toBe(11);
  });
});

test('v2 buffers are grown for each read and shrunk by exactly the unread rest', async () => {
  const ioc = new IoContext();
  const stream = makeStream(ioc, 7, 'abcdefghijklmnop\nq');
  const vec = new ByteVector();
  const p = asyncReadUntil(stream, dynamicBufferV2(vec), '\n', useFuture);
  await ioc.run();
  expect(await p).toBe(17);
  expect(sameBytes(vec.bytes(), latin1('abcdefghijklmnop\nq'))).toBe(true);
});
