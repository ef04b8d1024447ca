import { runInNewContext } from 'node:vm';
import {
  checkBufferSequence,
  checkLimit,
  checkOptionalLimit,
  checkSize,
  isUint8Array,
} from '../../src/detail/check.js';

describe('isUint8Array', () => {
  test('accepts Uint8Array, Buffer and a Uint8Array from another realm', () => {
    expect(isUint8Array(new Uint8Array(1))).toBe(true);
    expect(isUint8Array(Buffer.alloc(1))).toBe(true);
    const foreign: unknown = runInNewContext('new Uint8Array(3)');
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(isUint8Array(foreign)).toBe(true);
  });

  test('rejects other views and look-alikes', () => {
    for (const x of [new Uint8ClampedArray(1), new Int8Array(1), new DataView(new ArrayBuffer(1)), new ArrayBuffer(1), { length: 1, 0: 1 }, [1]]) {
      expect(isUint8Array(x)).toBe(false);
    }
  });
});

describe('size checks', () => {
  test('checkSize accepts non-negative safe integers only', () => {
    expect(checkSize('n', 0)).toBe(0);
    expect(checkSize('n', 2 ** 40)).toBe(2 ** 40);
    for (const bad of [-1, 0.5, NaN, Infinity, -0.1, 2 ** 53]) {
      expect(() => checkSize('n', bad)).toThrow(RangeError);
      expect(() => checkSize('n', bad)).toThrow(/^n must be a non-negative integer/);
    }
    for (const bad of ['1', null, undefined, 1n, {}]) {
      expect(() => checkSize('count', bad)).toThrow(TypeError);
      expect(() => checkSize('count', bad)).toThrow(/^count must be a number/);
    }
  });

  test('checkLimit also accepts Infinity', () => {
    expect(checkLimit('maxSize', Infinity)).toBe(Infinity);
    expect(checkLimit('maxSize', 3)).toBe(3);
    expect(() => checkLimit('maxSize', -Infinity)).toThrow(/^maxSize must be a non-negative integer or Infinity/);
    expect(() => checkLimit('maxSize', NaN)).toThrow(RangeError);
    expect(checkOptionalLimit('maxSize', undefined, 7)).toBe(7);
    expect(checkOptionalLimit('maxSize', 2, 7)).toBe(2);
  });
});

describe('checkBufferSequence', () => {
  test('returns a single buffer, an array in place or a copy, and reads other iterables once', () => {
    const a = new Uint8Array(1);
    expect(checkBufferSequence('b', a)).toBe(a);
    const arr = [a];
    expect(checkBufferSequence('b', arr)).toBe(arr);
    const copy = checkBufferSequence('b', arr, true);
    expect(copy).not.toBe(arr);
    expect(copy).toEqual(arr);
    let reads = 0;
    const once: Iterable<Uint8Array> = {
      *[Symbol.iterator]() {
        reads++;
        yield a;
      },
    };
    expect(checkBufferSequence('b', once)).toEqual([a]);
    expect(reads).toBe(1);
  });

  test('names the argument and the bad element', () => {
    expect(() => checkBufferSequence('buffers', 'x')).toThrow(/^buffers must be a Uint8Array or an iterable of Uint8Array, got "x"/);
    expect(() => checkBufferSequence('buffers', [new Uint8Array(1), 2])).toThrow(/element 1 is 2/);
    expect(() => checkBufferSequence('source', new Set([null]))).toThrow(/^source .*element 0 is null/);
  });
});

