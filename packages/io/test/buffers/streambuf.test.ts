import { errorIs, errors, SystemError } from '@asio-ts/core';
import { isDynamicBufferV1, Streambuf } from '@asio-ts/io';

describe('Streambuf', () => {
  test('is a DynamicBuffer v1: prepare, commit, data, consume', () => {
    const sb = new Streambuf();
    expect(isDynamicBufferV1(sb)).toBe(true);
    expect(sb.size()).toBe(0);
    sb.prepare(3).set([1, 2, 3]);
    expect(sb.size()).toBe(0);
    sb.commit(2);
    expect([...sb.data()]).toEqual([1, 2]);
    sb.consume(1);
    expect([...sb.data()]).toEqual([2]);
    expect(sb.capacity()).toBeGreaterThanOrEqual(1);
  });

  test('data() and consume() with an area prepared and not committed: the area is not readable, consume never reaches it', () => {
    const sb = new Streambuf();
    sb.sputn(Uint8Array.from([1, 2]));
    sb.prepare(4).set([7, 7, 7, 7]);
    expect([...sb.data()]).toEqual([1, 2]);
    sb.consume(10);
    expect(sb.size()).toBe(0);
    sb.commit(1);
    expect([...sb.data()]).toEqual([7]);
    expect(() => sb.consume(-1)).toThrow(RangeError);
    expect(() => sb.consume('1' as unknown as number)).toThrow(/^n must be a number/);
  });

  test('data() is a view, not a copy', () => {
    const sb = new Streambuf();
    sb.sputn(Uint8Array.from([1, 2]));
    const a = sb.data();
    a[0] = 9;
    expect(sb.data()[0]).toBe(9);
  });

  test('sputn writes bytes, and strings as UTF-8', () => {
    const sb = new Streambuf();
    expect(sb.sputn('h\u00e9')).toBe(3);
    expect(sb.sputn(Uint8Array.from([0, 255]))).toBe(2);
    expect([...sb.data()]).toEqual([0x68, 0xc3, 0xa9, 0, 255]);
  });

  test('sputn stops at maxSize and reports the bytes written', () => {
    const sb = new Streambuf(4);
    expect(sb.maxSize()).toBe(4);
    expect(sb.sputn('abcdef')).toBe(4);
    expect(Buffer.from(sb.data()).toString()).toBe('abcd');
    expect(sb.sputn('x')).toBe(0);
    sb.consume(1);
    expect(sb.sputn('xyz')).toBe(1);
    expect(Buffer.from(sb.data()).toString()).toBe('bcdx');
  });

  test('sgetn moves bytes out and consumes them', () => {
    const sb = new Streambuf();
    sb.sputn('hello');
    const t = new Uint8Array(3);
    expect(sb.sgetn(t)).toBe(3);
    expect(Buffer.from(t).toString()).toBe('hel');
    expect(Buffer.from(sb.data()).toString()).toBe('lo');
    const big = new Uint8Array(10);
    expect(sb.sgetn(big)).toBe(2);
    expect(sb.size()).toBe(0);
    expect(sb.sgetn(big)).toBe(0);
  });

  test('prepare past maxSize throws noBufferSpace', () => {
    const sb = new Streambuf(8);
    sb.sputn('12345');
    let caught: unknown;
    try {
      sb.prepare(4);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SystemError);
    expect(errorIs(caught, errors.noBufferSpace)).toBe(true);
    expect(sb.prepare(3).length).toBe(3);
  });

  test('many small writes and reads keep the content in order', () => {
    const sb = new Streambuf();
    const out: number[] = [];
    const one = new Uint8Array(1);
    for (let i = 0; i < 5000; i++) {
      sb.sputn(Uint8Array.from([i & 255, (i + 1) & 255]));
      sb.sgetn(one);
      out.push(one[0]!);
    }
    while (sb.sgetn(one) === 1) out.push(one[0]!);
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) expected.push(i & 255, (i + 1) & 255);
    expect(out).toEqual(expected);
  });

  test('bad arguments', () => {
    expect(() => new Streambuf(-1)).toThrow(/^maxSize /);
    expect(() => new Streambuf('1' as never)).toThrow(TypeError);
    const sb = new Streambuf();
    expect(() => sb.sputn(5 as never)).toThrow(/^bytes must be a Uint8Array or a string/);
    expect(() => sb.sgetn([] as never)).toThrow(/^target must be a Uint8Array/);
    expect(() => sb.prepare(-1)).toThrow(/^n /);
    expect(() => sb.commit(0.5)).toThrow(RangeError);
  });
});
