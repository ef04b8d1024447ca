import { errorIs, errors } from '@asio-ts/core';
import { dynamicStringBuffer, dynamicStringBufferV2 } from '@asio-ts/io';

const all = Uint8Array.from({ length: 256 }, (_, i) => i);
const allString = String.fromCharCode(...all);

describe('dynamicStringBuffer (v1)', () => {
  test('reads the bytes of a binary string', () => {
    const ref = { value: allString };
    const b = dynamicStringBuffer(ref);
    expect(b.size()).toBe(256);
    expect([...b.data()]).toEqual([...all]);
  });

  test('round-trips every byte value 0..255 through prepare/commit', () => {
    const ref = { value: '' };
    const b = dynamicStringBuffer(ref);
    b.prepare(256).set(all);
    b.commit(256);
    expect(ref.value).toBe(allString);
    expect(ref.value.length).toBe(256);
    b.consume(255);
    expect(ref.value).toBe('\xff');
  });

  test('like Asio, prepare lengthens the string with NULs until commit trims it', () => {
    const ref = { value: 'ab' };
    const b = dynamicStringBuffer(ref);
    const area = b.prepare(3);
    expect(ref.value).toBe('ab\0\0\0');
    area.set([0x63, 0x64]);
    b.commit(2);
    expect(ref.value).toBe('abcd');
  });

  test('a string assigned from outside is picked up', () => {
    const ref = { value: 'abc' };
    const b = dynamicStringBuffer(ref);
    ref.value = 'xy';
    expect(b.size()).toBe(2);
    b.consume(1);
    expect(ref.value).toBe('y');
  });

  test('large strings (past the fromCharCode chunk) survive', () => {
    const big = Uint8Array.from({ length: 100000 }, (_, i) => (i * 7) & 255);
    const ref = { value: '' };
    const b = dynamicStringBuffer(ref);
    b.prepare(big.length).set(big);
    b.commit(big.length);
    expect(ref.value.length).toBe(big.length);
    expect(Buffer.from(ref.value, 'latin1').equals(Buffer.from(big))).toBe(true);
  });

  test('prepare past maxSize throws noBufferSpace', () => {
    const ref = { value: 'abc' };
    const b = dynamicStringBuffer(ref, 4);
    let caught: unknown;
    try {
      b.prepare(2);
    } catch (e) {
      caught = e;
    }
    expect(errorIs(caught, errors.noBufferSpace)).toBe(true);
    expect(ref.value).toBe('abc');
  });

  test('a char above 255 is a TypeError naming ref.value, when created or later read', () => {
    expect(() => dynamicStringBuffer({ value: 'a\u0100' })).toThrow(TypeError);
    expect(() => dynamicStringBuffer({ value: 'a\u0100' })).toThrow(/^ref\.value must be a binary string .*char 1 is U\+0100/);
    const ref = { value: 'ok' };
    const b = dynamicStringBuffer(ref);
    ref.value = '\u20ac';
    expect(() => b.data()).toThrow(/^ref\.value must be a binary string/);
  });

  test('bad arguments', () => {
    expect(() => dynamicStringBuffer(null as never)).toThrow(/^ref must be an object/);
    expect(() => dynamicStringBuffer('abc' as never)).toThrow(/^ref must be an object/);
    expect(() => dynamicStringBuffer({ value: 3 } as never)).toThrow(/^ref\.value must be a string/);
    expect(() => dynamicStringBuffer({ value: '' }, 1.5)).toThrow(/^maxSize /);
  });
});

describe('dynamicStringBufferV2', () => {
  test('grow then write through data(pos, n): the bytes reach ref.value at the next call', () => {
    const ref = { value: 'ab' };
    const b = dynamicStringBufferV2(ref);
    b.grow(256);
    expect(ref.value).toBe('ab' + '\0'.repeat(256));
    b.data(2, 256).set(all);
    expect(b.size()).toBe(258);
    expect(ref.value).toBe('ab' + allString);
    b.shrink(1);
    expect(ref.value).toBe('ab' + allString.slice(0, 255));
    b.consume(2);
    expect(ref.value).toBe(allString.slice(0, 255));
  });

  test('a view stays writable until the size changes', () => {
    const ref = { value: 'abcd' };
    const b = dynamicStringBufferV2(ref);
    const v = b.data(1, 2);
    v[0] = 0x58;
    expect(b.size()).toBe(4);
    v[1] = 0x59;
    b.consume(0);
    expect(ref.value).toBe('aXYd');
  });

  test('grow past maxSize throws noBufferSpace', () => {
    const b = dynamicStringBufferV2({ value: 'abc' }, 3);
    b.grow(0);
    expect(() => b.grow(1)).toThrow(expect.objectContaining({ code: 'ENOBUFS' }) as Error);
  });

  test('bad arguments', () => {
    expect(() => dynamicStringBufferV2({ value: '\u0100' })).toThrow(/^ref\.value /);
    expect(() => dynamicStringBufferV2(undefined as never)).toThrow(/^ref /);
  });
});
