import { runInNewContext } from 'node:vm';
import {
  checkBufferSequence,
  checkLimit,
  checkOptionalLimit,
  checkSize,
  isUint8Array,
} from '../../src/detail/check.js';
import { bufferCopy } from '../../src/buffers/buffer.js';

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

  test('an ArrayBuffer, a SharedArrayBuffer or another view is taken as a Uint8Array over its bytes (no copy)', () => {
    const ab = new ArrayBuffer(8);
    const whole = checkBufferSequence('b', ab) as Uint8Array;
    expect(isUint8Array(whole)).toBe(true);
    expect([whole.buffer, whole.byteOffset, whole.byteLength]).toEqual([ab, 0, 8]);
    const dv = checkBufferSequence('b', new DataView(ab, 2, 3)) as Uint8Array;
    expect([dv.buffer, dv.byteOffset, dv.byteLength]).toEqual([ab, 2, 3]);
    const i16 = checkBufferSequence('b', new Int16Array(ab, 4, 2)) as Uint8Array;
    expect([i16.buffer, i16.byteOffset, i16.byteLength]).toEqual([ab, 4, 4]);
    const sab = new SharedArrayBuffer(2);
    expect((checkBufferSequence('b', sab) as Uint8Array).buffer).toBe(sab);
    // From another realm too (a vm context).
    const foreign = checkBufferSequence('b', runInNewContext('new Uint16Array([1, 2]).buffer')) as Uint8Array;
    expect(foreign.byteLength).toBe(4);
    const foreignView = checkBufferSequence('b', runInNewContext('new DataView(new ArrayBuffer(6), 1, 2)')) as Uint8Array;
    expect([foreignView.byteOffset, foreignView.byteLength]).toEqual([1, 2]);
  });

  test('as elements too: an array holding one comes back as a new array, the caller\'s untouched', () => {
    const a = new Uint8Array(1);
    const ab = new ArrayBuffer(2);
    const arr = [a, ab];
    const out = checkBufferSequence('b', arr) as Uint8Array[];
    expect(out).not.toBe(arr);
    expect(out[0]).toBe(a);
    expect(out[1]!.buffer).toBe(ab);
    expect(arr[1]).toBe(ab);
    expect((checkBufferSequence('b', new Set([new DataView(ab)])) as Uint8Array[])[0]!.buffer).toBe(ab);
  });

  test('a view is mutable: a read or a copy into an ArrayBuffer fills the caller\'s memory', () => {
    const ab = new ArrayBuffer(3);
    expect(bufferCopy(ab as unknown as Uint8Array, Uint8Array.from([7, 8, 9]))).toBe(3);
    expect([...new Uint8Array(ab)]).toEqual([7, 8, 9]);
    const i16 = new Int16Array(1);
    expect(bufferCopy(i16 as unknown as Uint8Array, Uint8Array.from([1, 1]))).toBe(2);
    expect(i16[0]).toBe(0x0101);
  });

  test('a string says how to encode it; an array of numbers says to make a Uint8Array', () => {
    expect(() => checkBufferSequence('buffers', 'x')).toThrow(/got "x": encode it: new TextEncoder\(\)\.encode\(s\)/);
    expect(() => checkBufferSequence('target', [new Uint8Array(1), 'x'])).toThrow(/^target .*element 1 is "x": encode it/);
    expect(() => checkBufferSequence('buffers', [1, 2])).toThrow(/element 0 is 1: an array of numbers is not bytes: new Uint8Array\(array\)$/);
  });

  test('names the argument and the bad element', () => {
    expect(() => checkBufferSequence('buffers', 'x')).toThrow(/^buffers must be a Uint8Array or an iterable of Uint8Array, got "x"/);
    expect(() => checkBufferSequence('buffers', [new Uint8Array(1), 2])).toThrow(/element 1 is 2/);
    expect(() => checkBufferSequence('source', new Set([null]))).toThrow(/^source .*element 0 is null/);
  });
});

