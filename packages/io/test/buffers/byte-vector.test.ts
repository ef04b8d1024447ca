import fc from 'fast-check';
import { ByteVector } from '@asio-ts/io';

const content = (v: ByteVector): number[] => [...v.bytes()];

describe('ByteVector', () => {
  test('constructs empty, zero-filled, or as a copy', () => {
    expect(new ByteVector().length).toBe(0);
    expect(content(new ByteVector(3))).toEqual([0, 0, 0]);
    const src = Uint8Array.from([1, 2]);
    const v = new ByteVector(src);
    src[0] = 9;
    expect(content(v)).toEqual([1, 2]);
    expect(content(new ByteVector([3, 4, 255]))).toEqual([3, 4, 255]);
  });

  test('push, append and resize; grown bytes are zero even where old bytes were', () => {
    const v = new ByteVector();
    v.push(1);
    v.append(Uint8Array.from([2, 3, 4]));
    expect(content(v)).toEqual([1, 2, 3, 4]);
    v.resize(2);
    expect(content(v)).toEqual([1, 2]);
    v.resize(4);
    expect(content(v)).toEqual([1, 2, 0, 0]);
    v.eraseFront(1);
    v.resize(5);
    expect(content(v)).toEqual([2, 0, 0, 0, 0]);
    v.clear();
    expect(v.length).toBe(0);
  });

  test('bytes() is a view of the content', () => {
    const v = new ByteVector([1, 2, 3]);
    v.reserve(10);
    const b = v.bytes();
    b[0] = 7;
    expect(content(v)).toEqual([7, 2, 3]);
  });

  test('bytes(begin, end) is a view of part of the content, also after consuming from the front', () => {
    const v = new ByteVector([1, 2, 3, 4, 5]);
    v.eraseFront(1);
    expect([...v.bytes(1, 3)]).toEqual([3, 4]);
    expect([...v.bytes(2)]).toEqual([4, 5]);
    expect([...v.bytes(undefined, 1)]).toEqual([2]);
    expect(v.bytes(4, 4)).toHaveLength(0);
    v.bytes(0, 1)[0] = 9;
    expect(content(v)).toEqual([9, 3, 4, 5]);
  });

  test('bytes(begin, end) outside the content is a RangeError naming the arguments', () => {
    const v = new ByteVector([1, 2, 3]);
    expect(() => v.bytes(2, 1)).toThrow(RangeError);
    expect(() => v.bytes(0, 4)).toThrow(/begin and end/);
    expect(() => v.bytes(-1)).toThrow(/begin/);
    expect(() => v.bytes(0.5)).toThrow(RangeError);
    expect(() => v.bytes('1' as never)).toThrow(TypeError);
  });

  test('growth is amortised and reserve gives the capacity asked for', () => {
    const v = new ByteVector();
    let reallocations = 0;
    let cap = v.capacity;
    for (let i = 0; i < 10000; i++) {
      v.push(i & 255);
      if (v.capacity !== cap) {
        reallocations++;
        cap = v.capacity;
      }
    }
    expect(reallocations).toBeLessThan(20);
    const w = new ByteVector();
    w.reserve(1000);
    expect(w.capacity).toBeGreaterThanOrEqual(1000);
    const before = w.capacity;
    w.resize(1000);
    expect(w.capacity).toBe(before);
  });

  test('eraseFront is cheap: consuming a byte at a time does not move the rest each time', () => {
    const n = 200000;
    const v = new ByteVector(n);
    // Count the bytes the vector copies (spies call through); moving the rest each step is n * n.
    const set = jest.spyOn(Uint8Array.prototype, 'set');
    const copyWithin = jest.spyOn(Uint8Array.prototype, 'copyWithin');
    try {
      for (let i = 0; i < n; i++) {
        v.eraseFront(1);
        v.push(1);
      }
    } finally {
      jest.restoreAllMocks();
    }
    let moved = 0;
    for (const [src] of set.mock.calls) moved += (src as ArrayLike<number>).length;
    for (const [, start, end] of copyWithin.mock.calls) moved += (end ?? 0) - start;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(8 * n);
    expect(v.length).toBe(n);
    expect(v.capacity).toBeLessThanOrEqual(4 * n);
  });

  test('eraseFront clamps', () => {
    const v = new ByteVector([1, 2, 3]);
    v.eraseFront(2);
    expect(content(v)).toEqual([3]);
    v.eraseFront(10);
    expect(content(v)).toEqual([]);
  });

  test('property: behaves like an array of bytes', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('push' as const), b: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 20 }) }),
      fc.record({ op: fc.constant('resize' as const), n: fc.nat(60) }),
      fc.record({ op: fc.constant('reserve' as const), n: fc.nat(80) }),
      fc.record({ op: fc.constant('eraseFront' as const), n: fc.nat(30) }),
      fc.record({ op: fc.constant('write' as const), i: fc.nat(60), b: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const v = new ByteVector();
        let model: number[] = [];
        for (const o of ops) {
          switch (o.op) {
            case 'push':
              v.push(o.b);
              model.push(o.b);
              break;
            case 'append':
              v.append(o.bytes);
              model.push(...o.bytes);
              break;
            case 'resize':
              v.resize(o.n);
              model = model.slice(0, o.n).concat(Array(Math.max(0, o.n - model.length)).fill(0));
              break;
            case 'reserve':
              v.reserve(o.n);
              expect(v.capacity).toBeGreaterThanOrEqual(o.n);
              break;
            case 'eraseFront':
              v.eraseFront(o.n);
              model = model.slice(o.n);
              break;
            case 'write':
              if (o.i < model.length) {
                v.bytes()[o.i] = o.b;
                model[o.i] = o.b;
              }
              break;
          }
          expect(v.length).toBe(model.length);
          expect(v.capacity).toBeGreaterThanOrEqual(v.length);
          expect(content(v)).toEqual(model);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  test('programmer errors name the argument', () => {
    const v = new ByteVector();
    expect(() => v.resize(-1)).toThrow(/^n must be a non-negative integer/);
    expect(() => v.resize(Infinity)).toThrow(RangeError);
    expect(() => v.reserve(1.5)).toThrow(RangeError);
    expect(() => v.eraseFront(NaN)).toThrow(/^n /);
    expect(() => v.push(256)).toThrow(/^byte must be an integer from 0 to 255/);
    expect(() => v.push(-1)).toThrow(RangeError);
    expect(() => v.push('1' as never)).toThrow(TypeError);
    expect(() => v.append([1] as never)).toThrow(/^bytes must be a Uint8Array/);
    expect(() => new ByteVector(-2)).toThrow(/^init must be a non-negative integer/);
    expect(() => new ByteVector('ab' as never)).toThrow(TypeError);
    expect(() => new ByteVector([1, 300])).toThrow(/^init\[1\] must be an integer from 0 to 255/);
  });
});
