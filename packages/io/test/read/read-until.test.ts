/**
 * The synchronous read-until (`readUntil`): the scenarios of Asio's unit test
 * (`asio/src/tests/unit/read_until.cpp`, Asio 1.38: test_char_read_until,
 * test_string_read_until, test_match_condition_read_until) over every dynamic buffer and the
 * Uint8Array and RegExp forms, throwing and with an ErrorRef; then what the async tests check
 * beyond them.
 */
import { errorIs, errors, IoContext, SystemError, type ErrorRef } from '@asio-ts/core';
import { readUntil, Streambuf, TestStream, type MatchCondition } from '@asio-ts/io';
import { readData } from '../helpers/bytes.js';
import { lengthName, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { dynamicKinds } from '../helpers/read-targets.js';

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function makeStream(len: WriteLength, data: Uint8Array | string = readData): TestStream {
  const stream = new TestStream(new IoContext());
  stream.reset(data);
  if (len !== Infinity) stream.nextReadLength(len);
  return stream;
}

function matchChar(c: string): MatchCondition {
  const code = c.charCodeAt(0);
  return (data) => {
    const i = data.indexOf(code);
    return i < 0 ? [data.length, false] : [i + 1, true];
  };
}

const forms = [
  { name: "char 'Z'", z: () => 'Z', y: () => 'Y' },
  { name: 'string "XYZ"', z: () => 'XYZ', y: () => 'WXY' },
  { name: "match_char('Z')", z: () => matchChar('Z'), y: () => matchChar('Y') },
  { name: 'Uint8Array "XYZ"', z: () => latin1('XYZ'), y: () => latin1('WXY') },
  { name: 'RegExp /X.Z/', z: () => /X.Z/, y: () => /W.Y/ },
] as const;

const lengthRows = writeLengths.map((len) => [lengthName(len), len] as const);

describe('read_until (sync) scenarios of Asio read_until.cpp', () => {
  describe.each(dynamicKinds)('$name', (kind) => {
    describe.each(forms)('$name', (form) => {
      test.each(lengthRows)('sb1, next_read_length %s: 26, thrown form and ErrorRef form', (_n, len) => {
        let d = kind.make();
        expect(readUntil(makeStream(len), d.buffers, form.z())).toBe(26);
        d = kind.make();
        const ref: ErrorRef = { error: new Error('not overwritten') };
        expect(readUntil(makeStream(len), d.buffers, form.z(), ref)).toBe(26);
        expect(ref.error).toBeNull();
      });

      test.each(lengthRows)('sb2 (maxSize 25), next_read_length %s: notFound, length 0; Y: 25', (_n, len) => {
        let d = kind.make(25);
        const ref: ErrorRef = { error: null };
        expect(readUntil(makeStream(len), d.buffers, form.z(), ref)).toBe(0);
        expect(errorIs(ref.error, errors.notFound)).toBe(true);
        expect(d.contents()).toHaveLength(25);
        d = kind.make(25);
        let thrown: unknown;
        try {
          readUntil(makeStream(len), d.buffers, form.z());
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(SystemError);
        expect(thrown).toMatchObject({ code: 'ENOTFOUND', bytesTransferred: 0 });
        d = kind.make(25);
        expect(readUntil(makeStream(len), d.buffers, form.y(), ref)).toBe(25);
        expect(ref.error).toBeNull();
      });
    });
  });
});

describe('beyond Asio', () => {
  test('lines one after another: the bytes past a match are found first, without a read', () => {
    const stream = makeStream(Infinity, 'a\nbb\nccc\n');
    const sb = new Streambuf();
    const lines: string[] = [];
    for (let i = 0; i < 3; i++) {
      const n = readUntil(stream, sb, '\n');
      lines.push(String.fromCharCode(...sb.data().subarray(0, n)));
      sb.consume(n);
    }
    expect(lines).toEqual(['a\n', 'bb\n', 'ccc\n']);
    expect(stream.readCalls).toBe(1);
  });

  test('eof first: thrown (bytesTransferred 0), the partial data kept', () => {
    const sb = new Streambuf();
    expect(() => readUntil(makeStream(3, 'partial'), sb, '\n')).toThrow(expect.objectContaining({ code: 'EOF', bytesTransferred: 0 }) as unknown as Error);
    expect(String.fromCharCode(...sb.data())).toBe('partial');
  });

  test('a readSome returning 0 without an error ends with eof (Asio would call it forever)', () => {
    const ref: ErrorRef = { error: null };
    expect(readUntil({ readSome: () => 0 }, new Streambuf(), '\n', ref)).toBe(0);
    expect(errorIs(ref.error, errors.eof)).toBe(true);
  });

  test('a source that never sends the delimiter, with maxSize: notFound and exactly maxSize bytes', () => {
    const sb = new Streambuf(1000);
    const ref: ErrorRef = { error: null };
    expect(readUntil(makeStream(100, new Uint8Array(5000).fill(0x61)), sb, '\n', ref)).toBe(0);
    expect(errorIs(ref.error, errors.notFound)).toBe(true);
    expect(sb.size()).toBe(1000);
  });
});
