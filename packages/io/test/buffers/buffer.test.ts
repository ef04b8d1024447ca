import fc from 'fast-check';
import { buffer, bufferCopy, bufferSize, isConstBufferSequence, isMutableBufferSequence } from '@asio-ts/io';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

describe('buffer', () => {
  test('a Uint8Array is returned as it is, not copied', () => {
    const a = bytes(1, 2, 3);
    expect(buffer(a)).toBe(a);
    expect(buffer(a, 3)).toBe(a);
    expect(buffer(a, Infinity)).toBe(a);
  });

  test('maxSize truncates to a view over the same memory', () => {
    const a = bytes(1, 2, 3, 4);
    const b = buffer(a, 2);
    expect([...b]).toEqual([1, 2]);
    a[0] = 9;
    expect(b[0]).toBe(9);
    b[1] = 8;
    expect(a[1]).toBe(8);
    expect(buffer(a, 0).length).toBe(0);
  });

  test('a Node Buffer is viewed, not copied', () => {
    const nb = Buffer.from('hello');
    const b = buffer(nb, 4);
    nb[0] = 0x4a;
    expect(Buffer.from(b).toString('latin1')).toBe('Jell');
  });

  test('ArrayBuffer and SharedArrayBuffer are viewed from their start', () => {
    const ab = new ArrayBuffer(8);
    const b = buffer(ab, 5);
    expect(b.length).toBe(5);
    expect(b.buffer).toBe(ab);
    new Uint8Array(ab)[4] = 7;
    expect(b[4]).toBe(7);

    const sab = new SharedArrayBuffer(4);
    const s = buffer(sab);
    s[3] = 1;
    expect(new Uint8Array(sab)[3]).toBe(1);
    expect(buffer(sab, 10).length).toBe(4);
  });

  test('other views keep their offset and byte length', () => {
    const ab = new ArrayBuffer(16);
    const dv = new DataView(ab, 4, 8);
    const b = buffer(dv);
    expect(b.byteOffset).toBe(4);
    expect(b.length).toBe(8);
    dv.setUint8(0, 42);
    expect(b[0]).toBe(42);

    const u16 = new Uint16Array(ab, 2, 3);
    const c = buffer(u16, 5);
    expect(c.byteOffset).toBe(2);
    expect(c.length).toBe(5);
    c[0] = 5;
    expect(new Uint8Array(ab)[2]).toBe(5);
  });
});

describe('bufferSize', () => {
  test('counts a single buffer and every kind of sequence', () => {
    expect(bufferSize(bytes(1, 2, 3))).toBe(3);
    expect(bufferSize([])).toBe(0);
    expect(bufferSize([bytes(1), new Uint8Array(0), bytes(2, 3)])).toBe(3);
    expect(bufferSize(new Set([bytes(1, 2), bytes(3)]))).toBe(3);
    function* gen(): Generator<Uint8Array> {
      yield bytes(1);
      yield bytes(2, 3, 4);
    }
    expect(bufferSize(gen())).toBe(4);
  });
});

describe('bufferCopy', () => {
  test('single to single copies the smaller size', () => {
    const t = new Uint8Array(3);
    expect(bufferCopy(t, bytes(1, 2, 3, 4, 5))).toBe(3);
    expect([...t]).toEqual([1, 2, 3]);
    const u = new Uint8Array(5);
    expect(bufferCopy(u, bytes(7, 8))).toBe(2);
    expect([...u]).toEqual([7, 8, 0, 0, 0]);
  });

  test('crosses element boundaries that do not line up', () => {
    const t1 = new Uint8Array(2);
    const t2 = new Uint8Array(0);
    const t3 = new Uint8Array(3);
    const t4 = new Uint8Array(4);
    const n = bufferCopy([t1, t2, t3, t4], [bytes(1, 2, 3), new Uint8Array(0), bytes(4), bytes(5, 6, 7, 8)]);
    expect(n).toBe(8);
    expect([...t1, ...t3, ...t4]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 0]);
  });

  test('maxBytes limits the copy', () => {
    const t = new Uint8Array(6);
    expect(bufferCopy([t.subarray(0, 2), t.subarray(2)], [bytes(1, 2, 3), bytes(4, 5, 6)], 4)).toBe(4);
    expect([...t]).toEqual([1, 2, 3, 4, 0, 0]);
    expect(bufferCopy(t, bytes(9), 0)).toBe(0);
    expect(t[0]).toBe(1);
  });

  test('copies within the same memory as if through a temporary', () => {
    const a = bytes(1, 2, 3, 4, 5);
    expect(bufferCopy(a.subarray(1), a.subarray(0, 4))).toBe(4);
    expect([...a]).toEqual([1, 1, 2, 3, 4]);
  });

  test('sequences over the same memory copy as if through a temporary (memmove), whichever piece overlaps', () => {
    const a = bytes(0, 1, 2, 3, 4, 5, 6, 7);
    // Shift bytes 0..4 to 2..6: the second source piece is the first target piece's destination.
    expect(bufferCopy([a.subarray(2, 4), a.subarray(4, 6)], [a.subarray(0, 2), a.subarray(2, 4)])).toBe(4);
    expect([...a]).toEqual([0, 1, 0, 1, 2, 3, 6, 7]);
    const b = bytes(0, 1, 2, 3, 4, 5, 6, 7);
    // A single target over a source sequence, limited by maxBytes.
    expect(bufferCopy(b.subarray(1), [b.subarray(0, 3), b.subarray(5)], 4)).toBe(4);
    expect([...b]).toEqual([0, 0, 1, 2, 5, 5, 6, 7]);
  });

  test('property: pieces of one memory copy as if the source bytes were taken first', () => {
    const piece = fc.tuple(fc.nat(16), fc.nat(6));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 4 }), fc.array(piece, { maxLength: 4 }), (dstAt, srcAt) => {
        const mem = Uint8Array.from({ length: 24 }, (_, i) => i);
        const view = ([at, len]: [number, number]): Uint8Array => mem.subarray(at, Math.min(at + len, 24));
        const dst = dstAt.map(view);
        const src = srcAt.map(view);
        const flat = src.flatMap((c) => [...c]);
        const n = bufferCopy(dst, src);
        let k = 0;
        const expected = [...mem];
        // Reference: the source bytes as they were, written piece by piece into the targets.
        for (const d of dst) for (let i = 0; i < d.length && k < n; i++) expected[d.byteOffset + i] = flat[k++]!;
        expect(n).toBe(Math.min(flat.length, dst.reduce((x, d) => x + d.length, 0)));
        expect([...mem]).toEqual(expected);
      }),
    );
  });

  test('property: the target receives a prefix of the concatenated source', () => {
    const chunks = fc.array(fc.uint8Array({ maxLength: 12 }), { maxLength: 6 });
    fc.assert(
      fc.property(chunks, fc.array(fc.nat(12), { maxLength: 6 }), fc.option(fc.nat(80)), (src, dstSizes, maxBytes) => {
        const dst = dstSizes.map((n) => new Uint8Array(n).fill(0xee));
        const flat = Uint8Array.from(src.flatMap((c) => [...c]));
        const room = dstSizes.reduce((a, b) => a + b, 0);
        const expected = Math.min(flat.length, room, maxBytes ?? Infinity);
        const n = maxBytes === null ? bufferCopy(dst, src) : bufferCopy(dst, src, maxBytes);
        expect(n).toBe(expected);
        const out = dst.flatMap((d) => [...d]);
        expect(out.slice(0, n)).toEqual([...flat.subarray(0, n)]);
        expect(out.slice(n).every((b) => b === 0xee)).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('isConstBufferSequence', () => {
  test('accepts buffers and sequences of buffers', () => {
    expect(isConstBufferSequence(bytes(1))).toBe(true);
    expect(isConstBufferSequence(Buffer.from('x'))).toBe(true);
    expect(isConstBufferSequence([])).toBe(true);
    expect(isConstBufferSequence([bytes(1), Buffer.from('y')])).toBe(true);
    expect(isConstBufferSequence(new Set([bytes(1)]))).toBe(true);
    expect(isMutableBufferSequence([bytes(1)])).toBe(true);
  });

  test('rejects strings, numbers, plain objects and sequences with a wrong element', () => {
    for (const x of ['abc', '', 5, null, undefined, {}, new ArrayBuffer(2), new Uint16Array(2), [bytes(1), 'a'], [[1, 2]], new Set(['a']), new String('ab')]) {
      expect(isConstBufferSequence(x)).toBe(false);
    }
  });

  test('checks every element of an array, the last one too', () => {
    const arr: unknown[] = Array.from({ length: 100 }, () => bytes(1));
    expect(isConstBufferSequence(arr)).toBe(true);
    arr.push(1);
    expect(isConstBufferSequence(arr)).toBe(false);
  });

  test('does not consume a single-pass iterator', () => {
    function* gen(): Generator<Uint8Array> {
      yield bytes(1, 2);
      yield bytes(3);
    }
    const g = gen();
    expect(isConstBufferSequence(g)).toBe(true);
    expect(bufferSize(g)).toBe(3);
  });

  test('a re-iterable collection is checked and left usable', () => {
    const s = new Set<unknown>([bytes(1), bytes(2)]);
    expect(isConstBufferSequence(s)).toBe(true);
    expect(bufferSize(s as Set<Uint8Array>)).toBe(2);
    s.add({});
    expect(isConstBufferSequence(s)).toBe(false);
  });
});

describe('programmer errors', () => {
  const cases: Array<[string, () => unknown, new (message?: string) => Error, RegExp]> = [
    ['buffer(string)', () => buffer('abc' as never), TypeError, /^data must be/],
    ['buffer(number)', () => buffer(3 as never), TypeError, /^data must be/],
    ['buffer(array)', () => buffer([1, 2] as never), TypeError, /^data must be/],
    ['buffer(null)', () => buffer(null as never), TypeError, /^data must be/],
    ['buffer(x, -1)', () => buffer(bytes(1), -1), RangeError, /^maxSize must be a non-negative integer/],
    ['buffer(x, 1.5)', () => buffer(bytes(1), 1.5), RangeError, /^maxSize /],
    ['buffer(x, NaN)', () => buffer(bytes(1), NaN), RangeError, /^maxSize /],
    ['buffer(x, -Infinity)', () => buffer(bytes(1), -Infinity), RangeError, /^maxSize /],
    ['buffer(x, "1")', () => buffer(bytes(1), '1' as never), TypeError, /^maxSize must be a number/],
    ['bufferSize(string)', () => bufferSize('abc' as never), TypeError, /^buffers must be a Uint8Array or an iterable of Uint8Array/],
    ['bufferSize(null)', () => bufferSize(null as never), TypeError, /^buffers must be/],
    ['bufferSize([1])', () => bufferSize([1] as never), TypeError, /^buffers must be .* element 0 is 1/],
    ['bufferSize(gen of string)', () => bufferSize(new Set(['a']) as never), TypeError, /^buffers must be/],
    ['bufferCopy(bad target)', () => bufferCopy({} as never, bytes(1)), TypeError, /^target must be/],
    ['bufferCopy(bad source)', () => bufferCopy(bytes(1), 'x' as never), TypeError, /^source must be/],
    ['bufferCopy(maxBytes -1)', () => bufferCopy(bytes(1), bytes(1), -1), RangeError, /^maxBytes /],
    ['bufferCopy(maxBytes 0.5)', () => bufferCopy(bytes(1), bytes(1), 0.5), RangeError, /^maxBytes /],
    ['bufferCopy(maxBytes NaN)', () => bufferCopy(bytes(1), bytes(1), NaN), RangeError, /^maxBytes /],
  ];
  test.each(cases)('%s', (_name, fn, type, message) => {
    expect(fn).toThrow(type);
    expect(fn).toThrow(message);
  });
});

test('bufferCopy: many pieces over one memory (the keyed overlap test) still copy as memmove', () => {
  const mem = Uint8Array.from({ length: 40 }, (_, i) => i);
  const src = Array.from({ length: 10 }, (_, i) => mem.subarray(i * 2, i * 2 + 2));
  const dst = Array.from({ length: 10 }, (_, i) => mem.subarray(3 + i * 2, 5 + i * 2));
  expect(bufferCopy(dst, src)).toBe(20);
  expect([...mem.subarray(3, 23)]).toEqual(Array.from({ length: 20 }, (_, i) => i));
});
